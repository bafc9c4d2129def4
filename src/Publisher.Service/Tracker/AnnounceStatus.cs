namespace Publisher.Service.Tracker;

/// <summary>Whether the swarm store accepted an announce.</summary>
internal enum AnnounceStatus
{
    Ok = 0,

    /// <summary>The announce would have created a swarm beyond <see cref="TrackerOptions.MaxSwarms"/>.</summary>
    SwarmLimitReached = 1,

    /// <summary>The swarm store could not be reached or answered garbage (e.g. Redis is down).</summary>
    StoreUnavailable = 2,
}
