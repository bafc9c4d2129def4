using Publisher.Storage;

namespace Publisher.Service.WebSeeds;

/// <summary>One file of a cached release: its length from the torrent, its blob key, and the blob's properties once read.</summary>
internal sealed class WebSeedFile
{
    public WebSeedFile(string blobKey, long length, bool isPad)
    {
        BlobKey = blobKey;
        Length = length;
        IsPad = isPad;
    }

    /// <summary>Where the payload is stored (see <see cref="ReleaseBlobKeys"/>); empty for pad files.</summary>
    public string BlobKey { get; }

    /// <summary>The file's length in the torrent.</summary>
    public long Length { get; }

    /// <summary>A BEP 47 pad file: served as zeros, never stored.</summary>
    public bool IsPad { get; }

    /// <summary>The blob's properties, cached for the lifetime of the release entry (payloads are immutable).</summary>
    public BlobProperties? Properties { get; set; }
}
