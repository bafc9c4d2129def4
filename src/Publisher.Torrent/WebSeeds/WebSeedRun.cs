namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Consecutive pieces fetched together, how often each seed has failed them, and (under the download's lock) who is
/// fetching them now: in the endgame a second seed may fetch a run the first is slow with; the first to finish cancels
/// the other.
/// </summary>
internal sealed class WebSeedRun(int firstPiece, int pieceCount, int seedCount)
{
    public int FirstPiece { get; } = firstPiece;

    public int PieceCount { get; } = pieceCount;

    /// <summary>Failed fetches per seed.</summary>
    public int[] Failures { get; } = new int[seedCount];

    /// <summary>Seeds fetching this run now.</summary>
    public bool[] HeldBy { get; } = new bool[seedCount];

    /// <summary>How many seeds are fetching this run now.</summary>
    public int Holders { get; set; }

    /// <summary>Every piece of the run is verified and written.</summary>
    public bool Done { get; set; }

    /// <summary>Cancelled when the run is done, to stop the other holder; created when the run is first taken.</summary>
    public CancellationTokenSource? Cancel { get; set; }

    /// <summary>The last reason a seed failed this run.</summary>
    public string? LastError { get; set; }
}
