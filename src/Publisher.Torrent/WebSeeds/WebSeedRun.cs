namespace Publisher.Torrent.WebSeeds;

/// <summary>Consecutive pieces fetched together, and how often each seed has failed them.</summary>
internal sealed class WebSeedRun(int firstPiece, int pieceCount, int seedCount)
{
    public int FirstPiece { get; } = firstPiece;

    public int PieceCount { get; } = pieceCount;

    /// <summary>Failed fetches per seed.</summary>
    public int[] Failures { get; } = new int[seedCount];

    /// <summary>The last reason a seed failed this run.</summary>
    public string? LastError { get; set; }
}
