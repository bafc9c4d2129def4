namespace Publisher.Storage;

/// <summary>
/// Limits on what the storage code accepts from a storage service before allocating for it.
/// (Publisher.Storage depends on nothing of ours, so these live here rather than in Publisher.Torrent's ProtocolLimits.)
/// </summary>
internal static class StorageLimits
{
    /// <summary>The largest List Blobs XML page read into memory (5000 entries with long names stay well below).</summary>
    public const int MaxListResponseBytes = 32 * 1024 * 1024;

    /// <summary>The most of an error response body kept for the exception message.</summary>
    public const int MaxErrorBodyBytes = 16 * 1024;

    /// <summary>Azure's maximum number of committed blocks in one block blob.</summary>
    public const int MaxBlockCount = 50_000;

    /// <summary>The largest block we buffer for upload (Azure allows 4000 MiB; each block in flight is held in memory).</summary>
    public const int MaxBufferedBlockSize = 1024 * 1024 * 1024;

    /// <summary>The most blob entries asked for per List Blobs page (the service's own maximum).</summary>
    public const int ListPageSize = 5000;
}
