using Publisher.Torrent.Pieces;
using Xunit;

namespace Publisher.Torrent.Tests.Pieces;

public sealed class PiecePickerTests
{
    private const int Block = ProtocolLimits.BlockLength;
    private const int PieceLength = 2 * Block;

    private static readonly PiecePickerOptions RarestOnly = new() { RandomFirstPieces = 0 };

    [Fact]
    public void PickBlocks_UnevenAvailability_StartsTheRarestPiece()
    {
        var picker = new PiecePicker(10L * PieceLength, PieceLength, RarestOnly, new Random(1));
        var seed = Bits(10, Enumerable.Range(0, 10));
        picker.PeerHasBitfield(seed);
        picker.PeerHasBitfield(Bits(10, Enumerable.Range(0, 10).Where(i => i != 7)));
        picker.PeerHasBitfield(Bits(10, Enumerable.Range(0, 10).Where(i => i is not 7 and not 2)));

        var blocks = Pick(picker, "a", seed, 2);

        Assert.Equal([new BlockRequest(7, 0, Block), new BlockRequest(7, Block, Block)], blocks);
        blocks = Pick(picker, "a", seed, 2);
        Assert.All(blocks, b => Assert.Equal(2, b.Piece));
    }

    [Fact]
    public void PickBlocks_AvailabilityFromHaveAndHaveAll_CountedAndRemovedOnLeave()
    {
        var picker = new PiecePicker(4L * PieceLength, PieceLength, RarestOnly);
        var peer = Bits(4, [1, 2]);
        picker.PeerHasBitfield(peer);
        picker.PeerHasPiece(3);
        picker.PeerHasAll();
        Assert.Equal(1, picker.AvailabilityOf(0));
        Assert.Equal(2, picker.AvailabilityOf(1));
        Assert.Equal(2, picker.AvailabilityOf(3));

        picker.PeerLeft(peer, wasSeed: false);
        picker.PeerLeft(null, wasSeed: true);
        Assert.Equal(0, picker.AvailabilityOf(1));
        Assert.Equal(1, picker.AvailabilityOf(3));
    }

    [Fact]
    public void PickBlocks_RandomFirstPieces_FollowTheSeedNotRarity()
    {
        var firsts = new HashSet<int>();
        for (var seed = 0; seed < 20; seed++)
        {
            var a = NewRandomFirst(seed);
            var b = NewRandomFirst(seed);
            var pickA = Pick(a, "p", null, 1).Single().Piece;
            Assert.Equal(pickA, Pick(b, "p", null, 1).Single().Piece);
            firsts.Add(pickA);
        }

        // Rarest-first would always give piece 0; random first pieces spread out.
        Assert.True(firsts.Count > 5, $"only {firsts.Count} distinct first pieces");

        static PiecePicker NewRandomFirst(int seed)
        {
            var picker = new PiecePicker(64L * PieceLength, PieceLength, new PiecePickerOptions { RandomFirstPieces = 4 }, new Random(seed));
            picker.PeerHasBitfield(Bits(64, Enumerable.Range(1, 63)));
            picker.PeerHasAll();
            return picker;
        }
    }

    [Fact]
    public void PickBlocks_PartialPiece_FinishedBeforeANewOneStarts()
    {
        var picker = new PiecePicker(10L * 4 * Block, 4 * Block, RarestOnly, new Random(2));
        picker.PeerHasAll();
        var first = Pick(picker, "a", null, 1).Single();

        var second = Pick(picker, "b", null, 3);

        Assert.All(second, b => Assert.Equal(first.Piece, b.Piece));
        Assert.Equal([1, 2, 3], second.Select(b => b.BlockIndex));
    }

    [Fact]
    public void PickBlocks_LastPiece_HasAShortLastBlock()
    {
        var picker = new PiecePicker(PieceLength + Block + 100, PieceLength, new PiecePickerOptions { Sequential = true });
        picker.PeerHasAll();

        var blocks = Pick(picker, "a", null, 10);

        Assert.Equal([new BlockRequest(0, 0, Block), new BlockRequest(0, Block, Block), new BlockRequest(1, 0, Block), new BlockRequest(1, Block, 100)], blocks);
    }

    [Fact]
    public void PickBlocks_Endgame_DuplicatesOutstandingBlocksAndReportsCancels()
    {
        var picker = new PiecePicker(PieceLength, PieceLength, new PiecePickerOptions { MaxEndgameRequestsPerBlock = 2 });
        picker.PeerHasAll();
        picker.PeerHasAll();
        picker.PeerHasAll();
        Assert.Equal(2, Pick(picker, "a", null, 10).Length);
        Assert.True(picker.IsEndgame);

        var duplicates = Pick(picker, "b", null, 10);
        Assert.Equal([new BlockRequest(0, 0, Block), new BlockRequest(0, Block, Block)], duplicates);
        Assert.Empty(Pick(picker, "c", null, 10));
        Assert.Empty(Pick(picker, "a", null, 10));

        var cancel = new List<object>();
        Assert.Equal(BlockReceipt.Accepted, picker.BlockReceived(duplicates[0], "b", cancel));
        Assert.Equal(["a"], cancel);
        cancel.Clear();
        Assert.Equal(BlockReceipt.Duplicate, picker.BlockReceived(duplicates[0], "a", cancel));
        Assert.Empty(cancel);
        Assert.Equal(BlockReceipt.PieceComplete, picker.BlockReceived(duplicates[1], "a", cancel));
        Assert.Equal(["b"], cancel);
        Assert.Equal(BlockReceipt.NotWanted, picker.BlockReceived(duplicates[1], "b", cancel));

        picker.PieceVerified(0);
        Assert.True(picker.IsComplete);
        Assert.Empty(Pick(picker, "c", null, 10));
    }

    [Fact]
    public void PickBlocks_EndgameWhileAnotherPeerHoldsBlocks_OnlyAfterAllAreRequested()
    {
        var picker = new PiecePicker(2L * PieceLength, PieceLength, RarestOnly);
        picker.PeerHasAll();
        Assert.Equal(2, Pick(picker, "a", null, 2).Length);
        Assert.False(picker.IsEndgame);
        Assert.Equal(2, Pick(picker, "b", null, 2).Length);
        Assert.True(picker.IsEndgame);

        var abandoned = new BlockRequest(Pick(picker, "c", null, 1).Single().Piece, 0, Block);
        picker.RequestAbandoned(abandoned, "a");
        picker.RequestAbandoned(abandoned, "c");
        Assert.False(picker.IsEndgame);
        Assert.Equal([abandoned], Pick(picker, "d", null, 5));
    }

    [Fact]
    public void RequestsAbandoned_AllBlocksOfAPiece_PieceCanStartAgain()
    {
        var picker = new PiecePicker(3L * PieceLength, PieceLength, new PiecePickerOptions { Sequential = true });
        picker.PeerHasAll();
        var blocks = Pick(picker, "a", null, 2);
        picker.RequestsAbandoned(blocks, "a");

        Assert.Equal(blocks, Pick(picker, "b", null, 2));
    }

    [Fact]
    public void PieceFailed_CompletePiece_DownloadedAgain()
    {
        var picker = new PiecePicker(2L * PieceLength, PieceLength, new PiecePickerOptions { Sequential = true });
        picker.PeerHasAll();
        var blocks = Pick(picker, "a", null, 2);
        Assert.Equal(BlockReceipt.Accepted, picker.BlockReceived(blocks[0], "a"));
        Assert.Equal(BlockReceipt.PieceComplete, picker.BlockReceived(blocks[1], "a"));
        Assert.Equal(1, Pick(picker, "a", null, 2)[0].Piece);

        picker.PieceFailed(0);

        Assert.Equal(blocks, Pick(picker, "b", null, 2));
        Assert.False(picker.Have[0]);
    }

    [Fact]
    public void SetFilePriorities_SkippedAndHighFiles_SkipNeverPickedHighFirst()
    {
        // Pieces 0-9; file A = pieces 0-3 (skip), B = 3.5-6 (normal, shares piece 3 with A), C = 7-9 (high).
        var picker = new PiecePicker(10L * PieceLength, PieceLength, RarestOnly, new Random(3));
        long[] offsets = [0, (3L * PieceLength) + Block, 7L * PieceLength];
        long[] lengths = [(3L * PieceLength) + Block, (4L * PieceLength) - Block, 3L * PieceLength];
        picker.SetFilePriorities(offsets, lengths, [FilePriority.Skip, FilePriority.Normal, FilePriority.High]);
        picker.PeerHasAll();
        picker.PeerHasBitfield(Bits(10, [7, 8, 9]));

        var order = new List<int>();
        while (Pick(picker, "a", null, 2) is { Length: > 0 } blocks)
        {
            order.Add(blocks[0].Piece);
        }

        Assert.Equal(new[] { 7, 8, 9 }, order.Take(3).Order());
        Assert.Equal(new[] { 3, 4, 5, 6 }, order.Skip(3).Order());
        Assert.Equal(FilePriority.Skip, picker.PriorityOf(0));
        Assert.Equal(FilePriority.Normal, picker.PriorityOf(3));
        foreach (var piece in order)
        {
            picker.PieceVerified(piece);
        }

        Assert.True(picker.IsComplete);
    }

    [Fact]
    public void PickBlocks_SequentialMode_InIndexOrderDespiteRarity()
    {
        var picker = new PiecePicker(6L * PieceLength, PieceLength, RarestOnly, new Random(4)) { Sequential = true };
        picker.PeerHasAll();
        picker.PeerHasBitfield(Bits(6, [0, 1, 2]));

        var pieces = Enumerable.Range(0, 6).Select(_ => Pick(picker, "a", null, 2)[0].Piece).ToArray();

        Assert.Equal([0, 1, 2, 3, 4, 5], pieces);
    }

    [Fact]
    public void PickBlocks_Deadlines_EarliestFirstBeforeAnythingElse()
    {
        var picker = new PiecePicker(10L * PieceLength, PieceLength, new PiecePickerOptions { Sequential = true });
        picker.PeerHasAll();
        picker.SetDeadline(8, 500);
        picker.SetDeadline(3, 100);
        picker.SetDeadline(6, 300);
        picker.ClearDeadline(6);

        var blocks = Pick(picker, "a", null, 5);

        Assert.Equal([3, 3, 8, 8, 0], blocks.Select(b => b.Piece));
    }

    [Fact]
    public void PickBlocks_PeerLacksPieces_OnlyWhatThePeerHas()
    {
        var picker = new PiecePicker(8L * PieceLength, PieceLength, RarestOnly);
        var peer = Bits(8, [2, 5]);
        picker.PeerHasBitfield(peer);

        var blocks = Pick(picker, "a", peer, 10);

        Assert.Equal([2, 5], blocks.Select(b => b.Piece).Distinct().Order());
        Assert.Equal(4, blocks.Length);
    }

    [Fact]
    public void PickBlocks_AllowedFastOnly_RestrictedToThoseWhileChoked()
    {
        var picker = new PiecePicker(8L * PieceLength, PieceLength, RarestOnly);
        picker.PeerHasAll();

        var blocks = Pick(picker, "a", null, 10, onlyPieces: [6, 1]);

        Assert.Equal([1, 6], blocks.Select(b => b.Piece).Distinct().Order());
    }

    [Fact]
    public void TryClaimPiece_UnavailableOnly_TakesPiecesNoPeerHasAndReleasesThem()
    {
        var picker = new PiecePicker(6L * PieceLength, PieceLength, RarestOnly);
        var peer = Bits(6, [0, 1, 2, 3]);
        picker.PeerHasBitfield(peer);
        IPieceClaims claims = picker;
        Assert.Equal(2, claims.UnavailablePieceCount);

        Assert.True(claims.TryClaimPiece("webseed", PieceClaimPolicy.UnavailableOnly, out var first));
        Assert.True(claims.TryClaimPiece("webseed", PieceClaimPolicy.UnavailableOnly, out var second));
        Assert.False(claims.TryClaimPiece("webseed", PieceClaimPolicy.UnavailableOnly, out _));
        Assert.Equal([4, 5], new[] { first, second }.Order());
        Assert.Equal(BlockReceipt.Accepted, picker.BlockReceived(picker.BlockOf(first, 0), "webseed"));

        claims.ReleaseClaim(first, "webseed");
        claims.ReleaseClaim(second, "webseed");
        Assert.Equal(1, claims.UnavailablePieceCount);

        // Piece `first` keeps its received block and offers only the other one.
        picker.PeerHasAll();
        var blocks = Pick(picker, "peer", null, 20);
        Assert.Contains(picker.BlockOf(first, 1), blocks);
        Assert.DoesNotContain(picker.BlockOf(first, 0), blocks);
    }

    [Fact]
    public void TryClaimPiece_UnavailableFirst_FallsBackToRarest()
    {
        var picker = new PiecePicker(3L * PieceLength, PieceLength, RarestOnly);
        picker.PeerHasBitfield(Bits(3, [0, 1, 2]));
        picker.PeerHasBitfield(Bits(3, [0, 2]));

        Assert.False(picker.TryClaimPiece("origin", PieceClaimPolicy.UnavailableOnly, out _));
        Assert.True(picker.TryClaimPiece("origin", PieceClaimPolicy.UnavailableFirst, out var piece));
        Assert.Equal(1, piece);
        Assert.DoesNotContain(Pick(picker, "peer", null, 10), b => b.Piece == 1);
    }

    [Fact]
    public void PickBlocks_ManyPieces_NoAllocationPerPick()
    {
        var picker = new PiecePicker(4096L * PieceLength, PieceLength, RarestOnly, new Random(5));
        var peer = Bits(4096, Enumerable.Range(0, 4096).Where(i => i % 3 != 0));
        picker.PeerHasBitfield(peer);
        var destination = new BlockRequest[16];
        picker.PickBlocks("warm", peer, destination);
        foreach (var block in destination)
        {
            picker.BlockReceived(block, "warm");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            var count = picker.PickBlocks("a", peer, destination);
            for (var b = 0; b < count; b++)
            {
                picker.BlockReceived(destination[b], "a");
            }
        }

        // Partial-piece objects are pooled; only the dictionary may grow once.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4096, "picking allocated per call");
    }

    [Fact]
    public void WantsAnyOf_PeerWithOnlyHadOrSkippedPieces_NotInteresting()
    {
        var picker = new PiecePicker(4L * PieceLength, PieceLength, RarestOnly);
        picker.SetPiecePriority(3, FilePriority.Skip);
        picker.SetHave(1);

        Assert.False(picker.WantsAnyOf(Bits(4, [1, 3])));
        Assert.True(picker.WantsAnyOf(Bits(4, [1, 2])));
        Assert.True(picker.WantsAnyOf(null));
        picker.SetHave(0);
        picker.SetHave(2);
        Assert.False(picker.WantsAnyOf(null));
        Assert.True(picker.IsComplete);
    }

    private static BlockRequest[] Pick(PiecePicker picker, object owner, Bitfield? peer, int count, int[]? onlyPieces = null)
    {
        var destination = new BlockRequest[count];
        var picked = picker.PickBlocks(owner, peer, destination, onlyPieces);
        return destination[..picked];
    }

    private static Bitfield Bits(int length, IEnumerable<int> set)
    {
        var bits = new Bitfield(length);
        foreach (var index in set)
        {
            bits.Set(index);
        }

        return bits;
    }
}
