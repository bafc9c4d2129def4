namespace Publisher.Torrent.Pieces;

/// <summary>What the picker made of an arriving block.</summary>
internal enum BlockReceipt
{
    /// <summary>Stored; the piece still misses blocks.</summary>
    Accepted,

    /// <summary>Stored, and it was the piece's last block: verify the piece, then call <see cref="PiecePicker.PieceVerified"/> or <see cref="PiecePicker.PieceFailed"/>.</summary>
    PieceComplete,

    /// <summary>Already received from another source (endgame): discard the data.</summary>
    Duplicate,

    /// <summary>The piece is not being downloaded (complete, verifying, or never started): discard the data.</summary>
    NotWanted,
}
