namespace Publisher.Service.Tracker;

/// <summary>
/// Read side of the swarm store, for the savings accounting and the dashboard: per-torrent seeders, leechers,
/// completions and the bytes peers report having exchanged with each other.
/// </summary>
public interface ITrackerStatistics
{
    /// <summary>The counters of one swarm, or null when the tracker has no swarm (or no retained counters) for it.</summary>
    ValueTask<SwarmStatistics?> GetSwarmAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken);

    /// <summary>Counters over every swarm since the store started (bytes and completions never decrease).</summary>
    ValueTask<TrackerTotals> GetTotalsAsync(CancellationToken cancellationToken);
}
