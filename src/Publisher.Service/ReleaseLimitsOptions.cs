namespace Publisher.Service;

/// <summary>The <c>Publisher:Releases</c> section: limits on what a publisher may send.</summary>
public sealed class ReleaseLimitsOptions
{
    /// <summary>The largest .torrent file accepted when registering a release, in bytes. Default 16 MiB.</summary>
    public long MaxTorrentBytes { get; set; } = 16L << 20;

    /// <summary>The largest request body of an upload, in bytes. Default 64 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 64L << 30;

    /// <summary>The longest release notes accepted, in characters. Default 64 Ki.</summary>
    public int MaxNotesLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Whether a staged upload to the local directory store also offers local uploads. Default <see langword="true"/>.
    /// <c>POST /api/releases/uploads</c> then creates the upload's staging folder (mode 0700) and a proof file beside
    /// it (mode 0600, 32 random hex digits), and its reply names both and the proof (<c>local</c>), so a client on
    /// the same machine writes the files into the folder itself instead of sending them over HTTP (the per-file
    /// <c>PUT</c> URLs stay in the reply for clients that cannot). Trust model: the proof is for the client, which
    /// reads the file and compares: only a program on this machine running as the service's user (or root) can,
    /// and such a program could write into the data directory anyway; the modes keep other users out. The service
    /// trusts locally written files no more than uploaded ones (the publish API key starts and registers the upload;
    /// sizes and spot-checked pieces are checked) and refuses symbolic links, special files and linked folders,
    /// which could make it publish (and its web seed serve) a file outside the store. Off: uploads go over HTTP only.
    /// </summary>
    public bool LocalUploads { get; set; } = true;
}
