namespace Publisher.Torrent.Trackers;

/// <summary>The mutable state of one tracker in a <see cref="TrackerSession"/> (guarded by the session's lock).</summary>
internal sealed class TrackerState
{
    public TrackerState(Uri url, int tier)
    {
        Url = url;
        Tier = tier;
    }

    public Uri Url { get; }

    public int Tier { get; }

    public bool StartedSent { get; set; }

    public string? TrackerId { get; set; }

    public DateTimeOffset? LastAnnounce { get; set; }

    public TrackerFailure LastFailure { get; set; }

    public string? LastError { get; set; }

    public string? LastWarning { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Not announced to (except for stopped/completed) before this time.</summary>
    public DateTimeOffset NotBefore { get; set; }

    public int? Seeders { get; set; }

    public int? Leechers { get; set; }

    public int LastPeerCount { get; set; }
}
