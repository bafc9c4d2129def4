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
}
