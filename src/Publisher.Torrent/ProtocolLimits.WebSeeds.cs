namespace Publisher.Torrent;

/// <summary>Limits applied to web seed (BEP 19) requests and responses.</summary>
public static partial class ProtocolLimits
{
    /// <summary>
    /// The most bytes asked for in one HTTP Range request (16 MiB): large enough to keep a loopback or LAN
    /// connection busy, small enough that one pooled buffer per connection stays bounded.
    /// </summary>
    public const int MaxWebSeedRequestBytes = 16 * 1024 * 1024;

    /// <summary>The most redirects followed for one web seed request.</summary>
    public const int MaxWebSeedRedirects = 5;

    /// <summary>The most concurrent connections opened to one web seed.</summary>
    public const int MaxWebSeedConnections = 16;

    /// <summary>
    /// The longest <c>Retry-After</c> honoured (5 minutes); a server asking for more is treated as asking for this,
    /// so a hostile or misconfigured origin cannot park a download for a day.
    /// </summary>
    public static readonly TimeSpan MaxWebSeedRetryAfter = TimeSpan.FromMinutes(5);
}
