namespace Publisher.Service.Tracker;

/// <summary>
/// Where swarms live. The in-memory store is the default; a shared store (Redis) implements the same contract so
/// several service instances answer from one set of swarms. Implementations must be safe for concurrent use.
/// </summary>
internal interface ISwarmStore : ITrackerStatistics
{
    /// <summary>
    /// Records <paramref name="announce"/> in the swarm of <paramref name="infoHash"/> (creating it, or removing the
    /// peer on <c>stopped</c>) and fills <paramref name="selection"/> with other peers of that swarm.
    /// </summary>
    ValueTask<AnnounceOutcome> AnnounceAsync(TrackerInfoHash infoHash, PeerAnnounce announce, PeerSelection selection, CancellationToken cancellationToken);

    /// <summary>Forgets peers that have not announced within the peer timeout; returns how many were removed.</summary>
    ValueTask<int> SweepAsync(CancellationToken cancellationToken);
}
