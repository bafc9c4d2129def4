namespace Publisher.Service.WebSeeds;

/// <summary>Log event ids of the web seed (the 2100-2199 range reserved in <see cref="ServiceEventIds"/>).</summary>
internal static class WebSeedEventIds
{
    public const int RequestRejected = 2100;
    public const int ReleaseFileMissing = 2101;
    public const int BlobLengthMismatch = 2102;
    public const int BlobStoreFailed = 2103;
    public const int ClientAborted = 2104;
    public const int Redirected = 2105;
    public const int TokenRejected = 2106;
    public const int ReleaseLoaded = 2107;
    public const int RateLimited = 2108;
}
