using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class MerkleTreeTests
{
    [Theory]
    [InlineData(1, 16 * 1024)]
    [InlineData(16 * 1024, 16 * 1024)]
    [InlineData((16 * 1024) + 1, 16 * 1024)]
    [InlineData(5 * 16 * 1024, 32 * 1024)]
    [InlineData((9 * 16 * 1024) + 100, 64 * 1024)]
    [InlineData(64 * 1024, 64 * 1024)]
    [InlineData(100_000, 256 * 1024)]
    [InlineData(300_000, 32 * 1024)]
    public void ComputePiecesRoot_MatchesNaiveFullTree(int fileLength, int pieceLength)
    {
        var data = new byte[fileLength];
        new Random(fileLength).NextBytes(data);
        var layers = NaiveLayers(data);
        var root = MerkleTree.ComputePiecesRoot(data, pieceLength, out var pieceLayer);
        Assert.Equal(layers[^1][0], root);
        if (fileLength <= pieceLength)
        {
            Assert.Empty(pieceLayer);
            return;
        }

        var level = (int)Math.Log2(pieceLength / (16 * 1024));
        var pieceCount = (fileLength + pieceLength - 1) / pieceLength;
        var expectedLayer = layers[level].Take(pieceCount).SelectMany(h => h).ToArray();
        Assert.Equal(expectedLayer, pieceLayer);
        var fromLayer = new byte[32];
        MerkleTree.ComputeRootFromPieceLayer(pieceLayer, pieceLength, fromLayer);
        Assert.Equal(root, fromLayer);
    }

    [Fact]
    public void ComputePadHash_IsRootOfZeroSubtreeOfOnePiece()
    {
        var zero = new byte[32];
        var pad = new byte[32];
        MerkleTree.ComputePadHash(16 * 1024, pad);
        Assert.Equal(zero, pad);
        MerkleTree.ComputePadHash(64 * 1024, pad);
        var level1 = SHA256.HashData(zero.Concat(zero).ToArray());
        var level2 = SHA256.HashData(level1.Concat(level1).ToArray());
        Assert.Equal(level2, pad);
    }

    [Fact]
    public void ComputeRoot_BadArguments_Throw()
    {
        var pad = new byte[32];
        var root = new byte[32];
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ComputeRoot(new byte[96], 2, pad, root));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ComputeRoot(new byte[96], 6, pad, root));
        Assert.Throws<ArgumentException>(() => MerkleTree.ComputeRoot(new byte[33], 2, pad, root));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.BlocksPerPiece(48 * 1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.BlocksPerPiece(8 * 1024));
    }

    /// <summary>Every layer of the full tree over 16 KiB blocks, leaves padded with zero hashes; independent of MerkleTree.</summary>
    internal static List<byte[][]> NaiveLayers(byte[] data)
    {
        var leaves = new List<byte[]>();
        for (var offset = 0; offset < data.Length; offset += 16 * 1024)
        {
            leaves.Add(SHA256.HashData(data.AsSpan(offset, Math.Min(16 * 1024, data.Length - offset))));
        }

        var width = 1;
        while (width < leaves.Count)
        {
            width *= 2;
        }

        while (leaves.Count < width)
        {
            leaves.Add(new byte[32]);
        }

        var layers = new List<byte[][]> { leaves.ToArray() };
        while (layers[^1].Length > 1)
        {
            var below = layers[^1];
            var above = new byte[below.Length / 2][];
            for (var i = 0; i < above.Length; i++)
            {
                above[i] = SHA256.HashData(below[2 * i].Concat(below[(2 * i) + 1]).ToArray());
            }

            layers.Add(above);
        }

        return layers;
    }
}
