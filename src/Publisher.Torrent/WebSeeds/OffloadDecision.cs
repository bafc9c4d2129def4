namespace Publisher.Torrent.WebSeeds;

/// <summary>What the origin should do until the next decision.</summary>
/// <param name="Mode">Which pieces to fetch.</param>
/// <param name="MaxConcurrentRequests">How many pieces (or runs) may be in flight from the origin; 0 when idle.</param>
public readonly record struct OffloadDecision(OffloadMode Mode, int MaxConcurrentRequests)
{
    /// <summary>Fetch nothing.</summary>
    public static OffloadDecision Idle { get; } = new(OffloadMode.Idle, 0);
}
