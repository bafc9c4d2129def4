namespace Publisher.Torrent.Trackers;

/// <summary>A snapshot of one tracker of a <see cref="TrackerSession"/>: how it last answered and when it is next used.</summary>
public sealed record TrackerStatus
{
    /// <summary>The tracker URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>The tier (0-based, BEP 12) the tracker belongs to.</summary>
    public required int Tier { get; init; }

    /// <summary>The tracker's position within its tier now (a tracker that answers moves to 0).</summary>
    public required int Position { get; init; }

    /// <summary>When the tracker was last announced to, or null if never.</summary>
    public DateTimeOffset? LastAnnounce { get; init; }

    /// <summary>The last failure; <see cref="TrackerFailure.None"/> when the last announce succeeded or none was made.</summary>
    public TrackerFailure LastFailure { get; init; }

    /// <summary>The text of the last failure (the tracker's failure reason, or a local description).</summary>
    public string? LastError { get; init; }

    /// <summary>The last warning message the tracker sent.</summary>
    public string? LastWarning { get; init; }

    /// <summary>Failed announces since the last success.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>The earliest time the tracker is announced to again (its interval, min interval or failure back-off).</summary>
    public DateTimeOffset? NextAnnounce { get; init; }

    /// <summary>Seeders the tracker last reported.</summary>
    public int? Seeders { get; init; }

    /// <summary>Leechers the tracker last reported.</summary>
    public int? Leechers { get; init; }

    /// <summary>Peers the tracker returned in its last successful announce.</summary>
    public int LastPeerCount { get; init; }
}
