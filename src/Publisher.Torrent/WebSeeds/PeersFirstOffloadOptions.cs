namespace Publisher.Torrent.WebSeeds;

/// <summary>Settings of <see cref="PeersFirstOffloadPolicy"/>.</summary>
public sealed record PeersFirstOffloadOptions
{
    /// <summary>
    /// The rate from peers (bytes/s) below which the origin tops up; default 1 MB/s. 0 never tops up (the origin
    /// then fetches only pieces no peer has, or everything when there are no peers).
    /// </summary>
    public long TargetPeerRate { get; init; } = 1_000_000;

    /// <summary>The window the peer rate is averaged over; default 5 s.</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after peers first appear they get to reach the target before the origin tops up; default 5 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With no peer connected but some being dialled, how long the origin waits for them (from when the dialling
    /// began) before it fetches at full speed; default 2 s. Zero never waits.
    /// </summary>
    public TimeSpan PeerWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most origin bytes one download may use, or null for no limit. Once spent, the origin is idle while peers make
    /// progress; it serves pieces no connected peer has only after peers have delivered nothing for
    /// <see cref="StallTimeout"/>, so a budget never leaves a download stuck for good.
    /// </summary>
    public long? OriginByteBudget { get; init; }

    /// <summary>With the budget spent, how long peers must deliver nothing before the origin serves pieces no peer has; default 30 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most origin requests in flight (full speed); default 4.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(TargetPeerRate, nameof(TargetPeerRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(RateWindow, TimeSpan.FromMilliseconds(100), nameof(RateWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(Warmup, TimeSpan.Zero, nameof(Warmup));
        ArgumentOutOfRangeException.ThrowIfLessThan(PeerWait, TimeSpan.Zero, nameof(PeerWait));
        if (OriginByteBudget is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(budget, nameof(OriginByteBudget));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(StallTimeout, TimeSpan.Zero, nameof(StallTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequests, 1, nameof(MaxConcurrentRequests));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrentRequests, ProtocolLimits.MaxWebSeedConnections * 4, nameof(MaxConcurrentRequests));
    }
}
