namespace Publisher.Torrent.Pieces;

/// <summary>Tuning of a <see cref="PiecePicker"/>.</summary>
internal sealed record PiecePickerOptions
{
    /// <summary>Until this many pieces are complete, new pieces are chosen at random rather than rarest-first (default 4), so a new peer soon has something to trade.</summary>
    public int RandomFirstPieces { get; init; } = 4;

    /// <summary>In endgame, the most peers asked for the same block at once (default 2).</summary>
    public int MaxEndgameRequestsPerBlock { get; init; } = 2;

    /// <summary>Pick pieces in index order instead of rarest-first (streaming; default false).</summary>
    public bool Sequential { get; init; }
}
