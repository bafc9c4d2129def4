namespace Publisher.Torrent.Pieces;

/// <summary>Which pieces a non-peer source (web seed, origin offload) may claim.</summary>
internal enum PieceClaimPolicy
{
    /// <summary>Only pieces no connected peer has (availability zero): the web seed fills the swarm's gaps.</summary>
    UnavailableOnly,

    /// <summary>Pieces no peer has first, then the rarest: the offload policy takes load peers cannot carry.</summary>
    UnavailableFirst,
}
