namespace Publisher.Torrent.Engine;

/// <summary>A snapshot of a torrent's progress and transfer totals.</summary>
/// <param name="State">The torrent's state.</param>
/// <param name="VerifiedPieces">Pieces verified and on disk.</param>
/// <param name="PieceCount">Pieces in the torrent (0 while the metadata is unknown).</param>
/// <param name="VerifiedBytes">Bytes of verified pieces (pad files included).</param>
/// <param name="TotalBytes">The size of the torrent's piece space (pad files included).</param>
/// <param name="Statistics">Bytes transferred by source and direction.</param>
/// <param name="Peers">Open peer connections.</param>
/// <param name="DownloadBytesPerSecond">Recent download rate from peers.</param>
/// <param name="UploadBytesPerSecond">Recent upload rate to peers.</param>
public readonly record struct TorrentProgress(
    TorrentState State,
    int VerifiedPieces,
    int PieceCount,
    long VerifiedBytes,
    long TotalBytes,
    TransferStatistics Statistics,
    int Peers,
    double DownloadBytesPerSecond,
    double UploadBytesPerSecond)
{
    /// <summary>True when every piece is verified.</summary>
    public bool IsComplete => PieceCount > 0 && VerifiedPieces == PieceCount;

    /// <summary>Verified fraction between 0 and 1.</summary>
    public double Fraction => TotalBytes == 0 ? 0 : (double)VerifiedBytes / TotalBytes;
}
