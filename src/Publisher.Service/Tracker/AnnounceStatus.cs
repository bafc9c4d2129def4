namespace Publisher.Service.Tracker;

/// <summary>Whether the swarm store accepted an announce.</summary>
internal enum AnnounceStatus
{
    Ok = 0,

    /// <summary>The announce would have created a swarm beyond <see cref="TrackerOptions.MaxSwarms"/>.</summary>
    SwarmLimitReached = 1,
}
