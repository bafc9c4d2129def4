namespace Publisher.Service.Tracker;

/// <summary>The counters of one swarm.</summary>
/// <param name="InfoHash">The torrent.</param>
/// <param name="Seeders">Peers currently announcing with nothing left to download.</param>
/// <param name="Leechers">Peers currently announcing that still download.</param>
/// <param name="Completed">Completion events seen (one per peer session).</param>
/// <param name="Uploaded">Sum of the upload deltas peers reported (bytes sent to other peers), since the swarm was created.</param>
/// <param name="Downloaded">Sum of the download deltas peers reported, since the swarm was created.</param>
public readonly record struct SwarmStatistics(TrackerInfoHash InfoHash, int Seeders, int Leechers, long Completed, long Uploaded, long Downloaded);
