namespace Publisher.Torrent.Engine;

/// <summary>Payload bytes transferred by a torrent since it was added, by source and direction.</summary>
/// <param name="DownloadedFromPeers">Piece bytes received from peers (including blocks later discarded).</param>
/// <param name="DownloadedFromWebSeeds">Piece bytes received from web seeds.</param>
/// <param name="UploadedToPeers">Piece bytes sent to peers.</param>
/// <param name="DiscardedBytes">Received bytes thrown away: pieces that failed their hash, and duplicates.</param>
public readonly record struct TransferStatistics(
    long DownloadedFromPeers,
    long DownloadedFromWebSeeds,
    long UploadedToPeers,
    long DiscardedBytes)
{
    /// <summary>All piece bytes received.</summary>
    public long Downloaded => DownloadedFromPeers + DownloadedFromWebSeeds;
}
