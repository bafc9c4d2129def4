using System.Numerics;
using System.Security.Cryptography;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// The BEP 52 hashing steps creation and verification share: SHA-256 of each 16 KiB block (the last one
/// may be short), and merkle reduction of a power-of-two row of 32-byte nodes, missing leaves being zeros.
/// </summary>
internal static class PieceMerkle
{
    public const int HashSize = 32;

    /// <summary>Number of 16 KiB blocks in <paramref name="length"/> bytes.</summary>
    public static int BlockCount(long length) => (int)((length + ProtocolLimits.MerkleBlockSize - 1) / ProtocolLimits.MerkleBlockSize);

    /// <summary>Writes the leaf hash of every block of <paramref name="data"/> into <paramref name="leaves"/>.</summary>
    public static void HashBlocks(ReadOnlySpan<byte> data, Span<byte> leaves)
    {
        var block = 0;
        for (var offset = 0; offset < data.Length; offset += ProtocolLimits.MerkleBlockSize)
        {
            var length = Math.Min(ProtocolLimits.MerkleBlockSize, data.Length - offset);
            SHA256.HashData(data.Slice(offset, length), leaves.Slice(block * HashSize, HashSize));
            block++;
        }
    }

    /// <summary>
    /// Reduces <paramref name="filled"/> leading nodes of <paramref name="nodes"/> (room for <paramref name="width"/>,
    /// a power of two) to their root; the nodes after <paramref name="filled"/> are taken as <paramref name="padHash"/>.
    /// The row is overwritten.
    /// </summary>
    public static void Root(Span<byte> nodes, int filled, int width, ReadOnlySpan<byte> padHash, Span<byte> root)
    {
        if (!BitOperations.IsPow2(width) || filled > width || filled < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "The row must be a power of two wide and hold at least one node.");
        }

        for (var i = filled; i < width; i++)
        {
            padHash.CopyTo(nodes.Slice(i * HashSize, HashSize));
        }

        Span<byte> parent = stackalloc byte[HashSize];
        var count = width;
        while (count > 1)
        {
            count >>= 1;
            for (var i = 0; i < count; i++)
            {
                SHA256.HashData(nodes.Slice(i * 2 * HashSize, 2 * HashSize), parent);
                parent.CopyTo(nodes.Slice(i * HashSize, HashSize));
            }
        }

        nodes[..HashSize].CopyTo(root);
    }

    /// <summary>The root of a subtree of <paramref name="leafCount"/> zero leaves (a power of two).</summary>
    public static byte[] ZeroRoot(int leafCount)
    {
        var nodes = new byte[leafCount * HashSize];
        var root = new byte[HashSize];
        Root(nodes, leafCount, leafCount, default, root);
        return root;
    }

    /// <summary>
    /// The pieces root of a file longer than one piece, given its piece layer (<paramref name="pieceLayer"/>,
    /// one hash per piece of <paramref name="pieceLength"/> bytes).
    /// </summary>
    public static byte[] RootFromPieceLayer(ReadOnlySpan<byte> pieceLayer, int pieceLength)
    {
        var pieces = pieceLayer.Length / HashSize;
        var width = (int)BitOperations.RoundUpToPowerOf2((uint)pieces);
        var row = new byte[width * HashSize];
        pieceLayer.CopyTo(row);
        var root = new byte[HashSize];
        Root(row, pieces, width, ZeroRoot(pieceLength / ProtocolLimits.MerkleBlockSize), root);
        return root;
    }
}
