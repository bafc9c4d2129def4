namespace Publisher.Torrent.Pieces;

/// <summary>
/// How sources other than peers (web seeds, the client's origin offload policy) take work from the picker: they claim
/// whole pieces, fetch them by byte range, then report blocks through <see cref="PiecePicker.BlockReceived"/> with
/// the same owner, or hand the claim back.
/// </summary>
internal interface IPieceClaims
{
    /// <summary>Wanted pieces nobody has started that no connected peer has.</summary>
    int UnavailablePieceCount { get; }

    /// <summary>Claims one wanted, unstarted piece for <paramref name="owner"/>: all its blocks become requested by it.</summary>
    bool TryClaimPiece(object owner, PieceClaimPolicy policy, out int piece);

    /// <summary>
    /// Claims piece <paramref name="piece"/> itself for <paramref name="owner"/> when it is wanted and nobody has started
    /// it (to extend a claim into a run of consecutive pieces fetched with one request).
    /// </summary>
    bool TryClaimPieceAt(object owner, int piece);

    /// <summary>Gives back the blocks of <paramref name="piece"/> that <paramref name="owner"/> requested and did not deliver.</summary>
    void ReleaseClaim(int piece, object owner);
}
