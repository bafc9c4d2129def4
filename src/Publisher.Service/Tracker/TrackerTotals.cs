namespace Publisher.Service.Tracker;

/// <summary>Counters over every swarm of the tracker.</summary>
/// <param name="Swarms">Swarms held now.</param>
/// <param name="Peers">Peers held now.</param>
/// <param name="Completed">Completion events since start.</param>
/// <param name="Uploaded">Upload deltas reported by peers since start, in bytes.</param>
/// <param name="Downloaded">Download deltas reported by peers since start, in bytes.</param>
public readonly record struct TrackerTotals(long Swarms, long Peers, long Completed, long Uploaded, long Downloaded);
