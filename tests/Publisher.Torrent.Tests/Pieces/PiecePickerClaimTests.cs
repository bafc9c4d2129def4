using Publisher.Torrent.Pieces;
using Xunit;

namespace Publisher.Torrent.Tests.Pieces;

/// <summary>Whole-piece claims of non-peer sources: claiming a given piece (runs) and spreading first claims.</summary>
public sealed class PiecePickerClaimTests
{
    private const int PieceLength = 32 * 1024;

    [Fact]
    public void TryClaimPieceAt_UnstartedPiece_ClaimsItOnceUntilReleased()
    {
        var picker = new PiecePicker(4L * PieceLength, PieceLength);
        IPieceClaims claims = picker;

        Assert.True(claims.TryClaimPieceAt("origin", 2));
        Assert.False(claims.TryClaimPieceAt("origin", 2));
        Assert.False(claims.TryClaimPieceAt("origin", 4));
        Assert.False(claims.TryClaimPieceAt("origin", -1));
        Assert.Equal(3, claims.UnavailablePieceCount);
        var blocks = new BlockRequest[16];
        var picked = picker.PickBlocks("peer", null, blocks);
        Assert.DoesNotContain(blocks[..picked].ToArray(), block => block.Piece == 2);

        claims.ReleaseClaim(2, "origin");
        Assert.True(claims.TryClaimPieceAt("other", 2));
    }

    [Fact]
    public void TryClaimPieceAt_PieceWeHave_IsRefused()
    {
        var picker = new PiecePicker(4L * PieceLength, PieceLength);
        picker.SetHave(1);

        Assert.False(((IPieceClaims)picker).TryClaimPieceAt("origin", 1));
    }

    [Fact]
    public void TryClaimPiece_ManyClientsStartingTogether_FirstClaimsSpreadOverThePieces()
    {
        var first = new HashSet<int>();
        for (var client = 0; client < 8; client++)
        {
            IPieceClaims claims = new PiecePicker(1024L * PieceLength, PieceLength, null, new Random(client));
            Assert.True(claims.TryClaimPiece("origin", PieceClaimPolicy.UnavailableOnly, out var piece));
            first.Add(piece);
        }

        // Lowest-first would give all eight the same piece; random choice gives (almost surely) distinct ones.
        Assert.True(first.Count >= 6, $"only {first.Count} distinct first claims");
    }
}
