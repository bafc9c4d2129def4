namespace Publisher.Torrent.Wire;

/// <summary>Timeouts and pipelining bounds of a <see cref="PeerConnection"/>; the defaults suit internet peers and loopback alike.</summary>
internal sealed record PeerConnectionOptions
{
    /// <summary>A complete handshake must arrive within this (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A peer that sends nothing at all for this long is closed (default 150 s: peers keep-alive every 120 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>We send a keep-alive when we have sent nothing for this long (default 60 s).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Outstanding requests are stale when no block has arrived for this long while they were outstanding (default 20 s):
    /// they are cancelled and handed back so other peers can serve them.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often timeouts are checked and the download rate sampled (default 1 s).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests kept outstanding before a rate is measured (default 16).</summary>
    public int InitialRequestDepth { get; init; } = 16;

    /// <summary>The fewest requests kept outstanding while unchoked (default 4).</summary>
    public int MinRequestDepth { get; init; } = 4;

    /// <summary>The most requests kept outstanding (default and upper bound <see cref="ProtocolLimits.MaxOutstandingRequests"/>); also capped by the peer's <c>reqq</c>.</summary>
    public int MaxRequestDepth { get; init; } = ProtocolLimits.MaxOutstandingRequests;

    /// <summary>Adaptive pipelining keeps this much time's worth of the measured rate in flight (default 1 s).</summary>
    public TimeSpan RequestQueueTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes buffered for sending before writers wait (backpressure; default 1 MiB).</summary>
    public int SendBufferLimit { get; init; } = 1024 * 1024;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(KeepAliveInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TickInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinRequestDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestDepth, ProtocolLimits.MaxOutstandingRequests);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestDepth, MinRequestDepth);
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRequestDepth, MinRequestDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialRequestDepth, MaxRequestDepth);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestQueueTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendBufferLimit, 64 * 1024);
    }
}
