using Publisher.Torrent.Pieces;
using Xunit;

namespace Publisher.Torrent.Tests.Pieces;

/// <summary>
/// Several leechers asking one seed for pieces must spread over the torrent: if they all took the first candidate of a
/// word they would ask for the same pieces (duplicate uploads from the seed that no leecher can trade among the others).
/// </summary>
public sealed class PiecePickerDiversityTests
{
    private const int Block = ProtocolLimits.BlockLength;
    private static readonly PiecePickerOptions RarestOnly = new() { RandomFirstPieces = 0 };

    [Fact]
    public void PickBlocks_ManyPickersFromASeedWithEqualAvailability_StartAnywhereNotAtWordStarts()
    {
        var chosen = new HashSet<int>();
        for (var seed = 0; seed < 40; seed++)
        {
            var picker = new PiecePicker(640L * Block, Block, RarestOnly, new Random(seed));
            picker.PeerHasAll();
            var blocks = new BlockRequest[1];

            Assert.Equal(1, picker.PickBlocks("seed", null, blocks));
            chosen.Add(blocks[0].Piece);
        }

        Assert.True(chosen.Count >= 30, $"only {chosen.Count} distinct first pieces out of 40 pickers");
        Assert.Contains(chosen, piece => piece % 64 != 0);
    }

    [Fact]
    public void PickBlocks_OnlyCandidateBelowTheRandomStart_IsStillFound()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var picker = new PiecePicker(100L * Block, Block, RarestOnly, new Random(seed));
            for (var piece = 0; piece < 100; piece++)
            {
                if (piece != 1)
                {
                    picker.SetHave(piece);
                }
            }

            picker.PeerHasAll();
            var blocks = new BlockRequest[4];

            Assert.Equal(1, picker.PickBlocks("seed", null, blocks));
            Assert.Equal(1, blocks[0].Piece);
        }
    }

    [Fact]
    public void PickBlocks_Sequential_StillStartsAtTheFirstMissingPiece()
    {
        var picker = new PiecePicker(300L * Block, Block, new PiecePickerOptions { Sequential = true }, new Random(3));
        picker.SetHave(0);
        picker.PeerHasAll();
        var blocks = new BlockRequest[3];

        Assert.Equal(3, picker.PickBlocks("seed", null, blocks));
        Assert.Equal([1, 2, 3], Array.ConvertAll(blocks, static b => b.Piece));
    }

    [Fact]
    public void PickBlocks_ExcludedPieces_AreNeitherStartedNorContinued()
    {
        var picker = new PiecePicker(4L * Block, Block, RarestOnly, new Random(5));
        picker.PeerHasAll();
        var blocks = new BlockRequest[1];
        Assert.Equal(1, picker.PickBlocks("seed", null, blocks));
        var started = blocks[0].Piece;
        picker.RequestsAbandoned(blocks, "seed");
        var exclude = new Bitfield(4);
        exclude.Set(started);

        var picked = new HashSet<int>();
        var many = new BlockRequest[8];
        var count = picker.PickBlocks("seed", null, many, default, exclude);
        for (var i = 0; i < count; i++)
        {
            picked.Add(many[i].Piece);
        }

        Assert.Equal(3, count);
        Assert.DoesNotContain(started, picked);
        Assert.Equal(1, picker.PickBlocks("seed", null, blocks));
        Assert.Equal(started, blocks[0].Piece);
    }
}
