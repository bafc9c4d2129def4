namespace Publisher.Torrent.Pieces;

/// <summary>One block of a piece: the unit of request, piece, cancel and reject messages.</summary>
internal readonly record struct BlockRequest(int Piece, int Begin, int Length)
{
    /// <summary>The block's number within its piece (blocks are <see cref="ProtocolLimits.BlockLength"/> apart).</summary>
    public int BlockIndex => Begin / ProtocolLimits.BlockLength;
}
