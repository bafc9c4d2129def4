using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class HashTreeTests
{
    private const int PieceLength = 16 * 1024;

    // 600 pieces of 16 KiB and a short last one: 1024 leaves, 11 layers, two runs of 512 at the piece (= leaf) layer.
    private static readonly byte[] FileData = RandomBytes((600 * PieceLength) + 1000, 7);
    private static readonly byte[] Root = MerkleTree.ComputePiecesRoot(FileData, PieceLength, out PieceLayer);
    private static readonly byte[] PieceLayer;
    private static readonly byte[][] Tree = HashTree.FromPieceLayer(PieceLayer, PieceLength, FileData.Length);

    [Fact]
    public void FromPieceLayer_TopLayer_IsThePiecesRoot()
    {
        Assert.Equal(11, Tree.Length);
        Assert.Equal(Root, Tree[^1]);
    }

    [Theory]
    [InlineData(0, 512)]
    [InlineData(512, 512)]
    [InlineData(512, 128)]
    [InlineData(640, 2)]
    [InlineData(768, 256)]
    public void WriteAnswer_ProofToJustBelowTheRoot_VerifiesAgainstTheRoot(int index, int length)
    {
        var request = Request(0, index, length, HashTree.LayerCount(FileData.Length) - 2);
        var answer = Answer(request);

        Assert.True(HashTree.Verify(request, answer, Root, FileData.Length));
        var known = Math.Clamp((PieceLayer.Length / 32) - index, 0, length);
        if (known > 0)
        {
            Assert.Equal(PieceLayer.AsSpan(index * 32, known * 32).ToArray(), answer.AsSpan(0, known * 32).ToArray());
        }
    }

    [Fact]
    public void UncleCount_FollowsBep52_FirstLog2LengthMinusOneProofLayersOmitted()
    {
        Assert.Equal(2, HashTree.UncleCount(Request(0, 0, 512, 10)));
        Assert.Equal(0, HashTree.UncleCount(Request(0, 0, 512, 8)));
        Assert.Equal(9, HashTree.UncleCount(Request(0, 0, 2, 9)));
    }

    [Fact]
    public void Verify_AboveThePieceLayer_Verifies()
    {
        var request = Request(2, 0, 64, HashTree.LayerCount(FileData.Length) - 4);
        Assert.True(HashTree.Verify(request, Answer(request), Root, FileData.Length));
    }

    [Fact]
    public void Verify_AnyFlippedByte_Fails()
    {
        var request = Request(0, 512, 128, 9);
        var answer = Answer(request);
        for (var i = 0; i < answer.Length; i += 7)
        {
            var hostile = (byte[])answer.Clone();
            hostile[i] ^= 0x40;
            Assert.False(HashTree.Verify(request, hostile, Root, FileData.Length), $"byte {i}");
        }
    }

    [Fact]
    public void Verify_WrongCountOrRootOrShortProof_Fails()
    {
        var request = Request(0, 0, 512, 9);
        var answer = Answer(request);
        Assert.False(HashTree.Verify(request, answer.AsSpan(0, answer.Length - 32), Root, FileData.Length));
        Assert.False(HashTree.Verify(request, [.. answer, .. new byte[32]], Root, FileData.Length));
        Assert.False(HashTree.Verify(request, answer, new byte[32], FileData.Length));

        // A proof that stops below the root proves nothing to a peer that knows only the root.
        var shortProof = Request(0, 0, 512, 8);
        Assert.False(HashTree.Verify(shortProof, Answer(shortProof), Root, FileData.Length));

        // The same hashes claimed for another position do not fold to the root.
        Assert.False(HashTree.Verify(Request(0, 512, 512, 9), answer, Root, FileData.Length));
    }

    [Theory]
    [InlineData(0, 1024, 512, 9)]    // index past the layer
    [InlineData(0, 768, 512, 9)]     // index not a multiple of the length
    [InlineData(0, 0, 384, 9)]       // length not a power of two
    [InlineData(0, 0, 2048, 0)]      // longer than the layer (and than 512)
    [InlineData(0, 0, 512, 10)]      // proof up to the root itself
    [InlineData(10, 0, 1, 0)]        // the root layer
    [InlineData(11, 0, 1, 0)]        // above the root
    [InlineData(3, 128, 8, 6)]       // run past the end of layer 3 (128 nodes)
    public void IsValid_OutOfTheTree_False(int baseLayer, int index, int length, int proofLayers)
    {
        Assert.False(HashTree.IsValid(Request(baseLayer, index, length, proofLayers), FileData.Length));
    }

    [Fact]
    public void Verify_RandomAnswers_NeverThrow()
    {
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var request = Request(random.Next(0, 12), random.Next(0, 1100), 1 << random.Next(0, 11), random.Next(0, 65));
            var hashes = RandomBytes(32 * random.Next(0, 600), i);
            Assert.False(HashTree.Verify(request, hashes, Root, FileData.Length));
        }
    }

    private static HashRequest Request(int baseLayer, int index, int length, int proofLayers) => new(Root, baseLayer, index, length, proofLayers);

    private static byte[] Answer(in HashRequest request)
    {
        Assert.True(HashTree.IsValid(request, FileData.Length), $"{request.BaseLayer}/{request.Index}/{request.Length}/{request.ProofLayers}");
        var answer = new byte[(request.Length + HashTree.UncleCount(request)) * 32];
        Assert.Equal(answer.Length, HashTree.WriteAnswer(Tree, HashTree.PieceLayer(PieceLength), request, answer));
        return answer;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void LayerCount_RoundsBlocksUpToAPowerOfTwo()
    {
        Assert.Equal(1, HashTree.LayerCount(1));
        Assert.Equal(2, HashTree.LayerCount(16 * 1024 + 1));
        Assert.Equal(11, HashTree.LayerCount(FileData.Length));
    }
}
