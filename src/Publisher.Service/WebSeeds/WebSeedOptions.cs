namespace Publisher.Service.WebSeeds;

/// <summary>
/// The web seed's configuration, bound from <c>Publisher:WebSeed</c> (e.g. <c>Publisher__WebSeed__RedirectToBlob=true</c>)
/// and validated at start-up.
/// </summary>
public sealed record WebSeedOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Publisher:WebSeed";

    /// <summary>The name of the rate-limiter policy <c>MapWebSeed()</c> applies (a host may redefine it).</summary>
    public const string RateLimitPolicyName = "publisher-webseed";

    /// <summary>
    /// When the blob store can issue direct read URLs (Azure), answer file requests with a <c>302</c> to a short-lived
    /// SAS URL instead of streaming the bytes through the service. Default <see langword="false"/>.
    /// </summary>
    public bool RedirectToBlob { get; init; }

    /// <summary>How long a redirect URL stays valid (1 minute to 1 day). Default 10 minutes.</summary>
    public TimeSpan RedirectLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Requests per second each client address may make on average (1 to 1,000,000). Default 50.</summary>
    public int PermitsPerSecond { get; init; } = 50;

    /// <summary>Requests a client address may make at once before it is held to <see cref="PermitsPerSecond"/> (at least 1). Default 200.</summary>
    public int BurstPermits { get; init; } = 200;

    /// <summary>How many releases' file lists are kept in memory (1 to 100,000). Default 256.</summary>
    public int MaxCachedReleases { get; init; } = 256;

    /// <summary>
    /// How long a cached release (file list, yank state, blob properties) is trusted before it is read again
    /// (0 to 1 hour; 0 reads the catalogue on every request). Default 30 seconds: a yank takes effect within it.
    /// </summary>
    public TimeSpan ReleaseCacheLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest read issued to the blob store and written to the response at once (64 KiB to 16 MiB). Default 256 KiB.</summary>
    public int SendBufferSize { get; init; } = 256 * 1024;
}
