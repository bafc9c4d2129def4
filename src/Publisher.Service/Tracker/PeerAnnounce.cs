namespace Publisher.Service.Tracker;

/// <summary>One validated announce, as the swarm store sees it (transport independent).</summary>
internal readonly record struct PeerAnnounce(
    PeerEndpoint Endpoint,
    uint Key,
    long Uploaded,
    long Downloaded,
    long Left,
    AnnounceEvent Event)
{
    /// <summary>A peer with nothing left to download; an unknown <c>left</c> (-1) counts as a leecher.</summary>
    public bool IsSeeder => Left == 0;
}
