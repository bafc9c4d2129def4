namespace Publisher.Torrent.WebSeeds;

/// <summary>Which pieces the origin (web seeds) should fetch right now.</summary>
public enum OffloadMode
{
    /// <summary>None: peers are enough, or the origin budget is spent.</summary>
    Idle,

    /// <summary>Only pieces no connected peer has (the swarm's gaps).</summary>
    UnavailableOnly,

    /// <summary>Pieces no connected peer has first, then the rarest: topping up a slow swarm while seeding it.</summary>
    TopUp,

    /// <summary>Everything, as fast as the origin allows: there are no peers.</summary>
    FullSpeed,
}
