namespace Publisher.Torrent.Storage;

/// <summary>The outcome of <see cref="TorrentVerifier.VerifyAsync"/>.</summary>
public sealed class VerificationReport
{
    internal VerificationReport(int pieceCount, IReadOnlyList<int> badPieces, IReadOnlyList<FileVerification> files)
    {
        PieceCount = pieceCount;
        BadPieces = badPieces;
        Files = files;
    }

    /// <summary>Pieces checked (v1 pieces for v1 and hybrid torrents; v2 pieces, file-aligned, for v2-only).</summary>
    public int PieceCount { get; }

    /// <summary>Indexes of pieces that failed, ascending.</summary>
    public IReadOnlyList<int> BadPieces { get; }

    /// <summary>Every data file (not pad files) in torrent order, with its verdict.</summary>
    public IReadOnlyList<FileVerification> Files { get; }

    /// <summary>True when every piece and every file is good.</summary>
    public bool IsComplete
    {
        get
        {
            if (BadPieces.Count > 0)
            {
                return false;
            }

            foreach (var file in Files)
            {
                if (file.Status != FileVerificationStatus.Ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
