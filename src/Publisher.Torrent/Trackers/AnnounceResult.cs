namespace Publisher.Torrent.Trackers;

/// <summary>The outcome of one announce: peers and timing on success, or a <see cref="Failure"/> with a reason.</summary>
public sealed class AnnounceResult
{
    /// <summary>The interval used when a tracker gives none (30 minutes).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(30);

    private AnnounceResult()
    {
    }

    /// <summary>Why the announce failed; <see cref="TrackerFailure.None"/> on success.</summary>
    public TrackerFailure Failure { get; private init; }

    /// <summary>True when the tracker answered with a peer list.</summary>
    public bool IsSuccess => Failure == TrackerFailure.None;

    /// <summary>The tracker's <c>failure reason</c> or error text, or a description of the local failure; null on success.</summary>
    public string? FailureReason { get; private init; }

    /// <summary>The tracker's <c>warning message</c>, if any.</summary>
    public string? WarningMessage { get; private init; }

    /// <summary>How long to wait before the next regular announce (clamped to the range in <see cref="ProtocolLimits"/>).</summary>
    public TimeSpan Interval { get; private init; } = DefaultInterval;

    /// <summary>The tracker's <c>min interval</c>: never announce more often than this. Null when not given.</summary>
    public TimeSpan? MinInterval { get; private init; }

    /// <summary>Seeders in the swarm (<c>complete</c>), when the tracker said.</summary>
    public int? Seeders { get; private init; }

    /// <summary>Leechers in the swarm (<c>incomplete</c>), when the tracker said.</summary>
    public int? Leechers { get; private init; }

    /// <summary>The peers returned (IPv4 and IPv6 together, at most <see cref="ProtocolLimits.MaxTrackerPeers"/>).</summary>
    public IReadOnlyList<TrackerPeer> Peers { get; private init; } = [];

    /// <summary>The <c>tracker id</c> to echo in later announces to the same tracker, if one was sent.</summary>
    public string? TrackerId { get; private init; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="peers">The peers.</param>
    /// <param name="interval">The announce interval (clamped).</param>
    /// <param name="minInterval">The minimum interval, if given (clamped).</param>
    /// <param name="seeders">Seeders, if given.</param>
    /// <param name="leechers">Leechers, if given.</param>
    /// <param name="warningMessage">A warning, if given.</param>
    /// <param name="trackerId">A tracker id, if given.</param>
    public static AnnounceResult Success(
        IReadOnlyList<TrackerPeer> peers,
        TimeSpan interval,
        TimeSpan? minInterval = null,
        int? seeders = null,
        int? leechers = null,
        string? warningMessage = null,
        string? trackerId = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        return new AnnounceResult
        {
            Peers = peers,
            Interval = Clamp(interval),
            MinInterval = minInterval is { } min ? Clamp(min) : null,
            Seeders = seeders,
            Leechers = leechers,
            WarningMessage = warningMessage,
            TrackerId = trackerId,
        };
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="failure">The kind of failure (not <see cref="TrackerFailure.None"/>).</param>
    /// <param name="reason">A human-readable reason.</param>
    /// <param name="minInterval">A <c>min interval</c> the tracker sent alongside its failure, if any.</param>
    public static AnnounceResult Failed(TrackerFailure failure, string reason, TimeSpan? minInterval = null)
    {
        if (failure == TrackerFailure.None)
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failed result needs a failure kind.");
        }

        ArgumentNullException.ThrowIfNull(reason);
        return new AnnounceResult
        {
            Failure = failure,
            FailureReason = reason,
            MinInterval = minInterval is { } min ? Clamp(min) : null,
        };
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess
        ? $"{Peers.Count} peers, interval {Interval}, seeders {Seeders}, leechers {Leechers}"
        : $"{Failure}: {FailureReason}";

    private static TimeSpan Clamp(TimeSpan value)
    {
        if (value < ProtocolLimits.MinTrackerInterval)
        {
            return ProtocolLimits.MinTrackerInterval;
        }

        return value > ProtocolLimits.MaxTrackerInterval ? ProtocolLimits.MaxTrackerInterval : value;
    }
}
