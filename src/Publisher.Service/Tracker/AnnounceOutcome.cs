namespace Publisher.Service.Tracker;

/// <summary>What the swarm store answers to an announce (the chosen peers go into a <see cref="PeerSelection"/>).</summary>
internal readonly record struct AnnounceOutcome(AnnounceStatus Status, int Seeders, int Leechers, long Completed);
