namespace Publisher.Torrent.Trackers;

/// <summary>Settings of a <see cref="TrackerClient"/>. Defaults follow the BEPs.</summary>
public sealed record TrackerClientOptions
{
    /// <summary>The clock for timeouts, retransmissions and connection-id expiry (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The HTTP client for http/https trackers. When null the tracker client creates (and owns) one over
    /// <see cref="HttpMessageHandler"/>, or over a default handler.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The handler to build an owned HTTP client on when <see cref="HttpClient"/> is null (not disposed by the tracker client).</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>How long one HTTP announce or scrape may take (default 30 seconds).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first UDP retransmission timeout; attempt n waits <c>UdpRetryBase * 2^n</c> (BEP 15: 15 seconds).
    /// </summary>
    public TimeSpan UdpRetryBase { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The highest n in the UDP retry schedule; after attempt n the request fails (BEP 15: 8, i.e. 3840 seconds).</summary>
    public int UdpMaxRetransmissions { get; init; } = 8;

    /// <summary>How long a UDP connection id is reused after it was received (BEP 15: one minute).</summary>
    public TimeSpan UdpConnectionIdLifetime { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (HttpTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HttpTimeout), HttpTimeout, "Must be positive.");
        }

        if (UdpRetryBase <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(UdpRetryBase), UdpRetryBase, "Must be positive.");
        }

        if (UdpMaxRetransmissions is < 0 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(UdpMaxRetransmissions), UdpMaxRetransmissions, "Must be 0-16.");
        }

        if (UdpConnectionIdLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(UdpConnectionIdLifetime), UdpConnectionIdLifetime, "Must be positive.");
        }
    }
}
