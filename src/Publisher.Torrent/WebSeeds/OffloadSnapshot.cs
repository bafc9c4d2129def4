namespace Publisher.Torrent.WebSeeds;

/// <summary>What an offload policy sees of a download (all counts cumulative since the download started).</summary>
/// <param name="ConnectedPeers">Peers connected now.</param>
/// <param name="UnavailablePieces">Wanted pieces nobody has started that no connected peer has (the picker's availability 0).</param>
/// <param name="RemainingBytes">Bytes still wanted.</param>
/// <param name="BytesFromPeers">Verified payload bytes received from peers so far.</param>
/// <param name="OriginBytes">Bytes received from web seeds (the origin) so far.</param>
public readonly record struct OffloadSnapshot(int ConnectedPeers, int UnavailablePieces, long RemainingBytes, long BytesFromPeers, long OriginBytes)
{
    /// <summary>Peers being dialled now (connection or handshake in progress); 0 when unknown.</summary>
    public int PendingPeers { get; init; }
}
