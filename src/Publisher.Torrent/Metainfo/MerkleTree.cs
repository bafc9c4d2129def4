using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;

namespace Publisher.Torrent.Metainfo;

/// <summary>
/// BEP 52 merkle trees: SHA-256 over 16 KiB blocks, binary, leaves past the end of a file are zero hashes
/// so the leaf count is a power of two. A piece layer is the tree's layer whose nodes each cover one piece;
/// past the last piece it is padded with the root of an all-zero subtree of one piece (the pad hash).
/// </summary>
internal static class MerkleTree
{
    /// <summary>Bytes covered by one leaf: 16 KiB.</summary>
    public const int BlockSize = 16 * 1024;

    /// <summary>Size of one SHA-256 node.</summary>
    public const int HashSize = 32;

    /// <summary>SHA-256 of one block (the last block of a file may be shorter than 16 KiB).</summary>
    public static void HashBlock(ReadOnlySpan<byte> block, Span<byte> destination)
    {
        if (block.Length > BlockSize)
        {
            throw new ArgumentException("A block is at most 16 KiB.", nameof(block));
        }

        SHA256.HashData(block, destination);
    }

    /// <summary>SHA-256 of the 64-byte concatenation of two nodes.</summary>
    public static void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> pair = stackalloc byte[HashSize * 2];
        left[..HashSize].CopyTo(pair);
        right[..HashSize].CopyTo(pair[HashSize..]);
        SHA256.HashData(pair, destination);
    }

    /// <summary>
    /// Root of a tree whose bottom layer is <paramref name="hashes"/> (32 bytes each) followed by copies of
    /// <paramref name="padNode"/> up to <paramref name="leafCount"/> nodes (a power of two, at least the
    /// number of hashes).
    /// </summary>
    public static void ComputeRoot(ReadOnlySpan<byte> hashes, int leafCount, ReadOnlySpan<byte> padNode, Span<byte> destination)
    {
        if (hashes.Length % HashSize != 0)
        {
            throw new ArgumentException("Hashes must be a multiple of 32 bytes.", nameof(hashes));
        }

        var count = hashes.Length / HashSize;
        if (leafCount < 1 || !BitOperations.IsPow2(leafCount) || leafCount < count)
        {
            throw new ArgumentOutOfRangeException(nameof(leafCount), leafCount, "The leaf count must be a power of two and hold every hash.");
        }

        Span<byte> pad = stackalloc byte[HashSize];
        padNode[..HashSize].CopyTo(pad);
        if (count == 0)
        {
            ComputeZeroRootFrom(pad, leafCount, destination);
            return;
        }

        if (leafCount == 1)
        {
            hashes[..HashSize].CopyTo(destination);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(((count + 1) / 2) * HashSize);
        try
        {
            var layer = hashes;
            var width = leafCount;
            while (width > 1)
            {
                var next = (count + 1) / 2;
                for (var i = 0; i < next; i++)
                {
                    var left = layer.Slice(2 * i * HashSize, HashSize);
                    var right = (2 * i) + 1 < count ? layer.Slice(((2 * i) + 1) * HashSize, HashSize) : pad;
                    HashPair(left, right, rented.AsSpan(i * HashSize, HashSize));
                }

                HashPair(pad, pad, pad);
                layer = rented.AsSpan(0, next * HashSize);
                count = next;
                width /= 2;
            }

            layer[..HashSize].CopyTo(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Root of an all-zero subtree with <paramref name="leafCount"/> block leaves (a power of two).</summary>
    public static void ComputeZeroRoot(int leafCount, Span<byte> destination)
    {
        if (leafCount < 1 || !BitOperations.IsPow2(leafCount))
        {
            throw new ArgumentOutOfRangeException(nameof(leafCount), leafCount, "The leaf count must be a power of two.");
        }

        Span<byte> zero = stackalloc byte[HashSize];
        zero.Clear();
        ComputeZeroRootFrom(zero, leafCount, destination);
    }

    /// <summary>The pad hash of a piece layer: the root of an all-zero subtree covering one piece.</summary>
    public static void ComputePadHash(int pieceLength, Span<byte> destination)
    {
        ComputeZeroRoot(BlocksPerPiece(pieceLength), destination);
    }

    /// <summary>
    /// The hash of one piece in the piece layer, from the hashes of its blocks (fewer than a full piece for
    /// the last piece of a file: the missing leaves are zero).
    /// </summary>
    public static void ComputePieceHash(ReadOnlySpan<byte> blockHashes, int pieceLength, Span<byte> destination)
    {
        Span<byte> zero = stackalloc byte[HashSize];
        zero.Clear();
        ComputeRoot(blockHashes, BlocksPerPiece(pieceLength), zero, destination);
    }

    /// <summary>
    /// The pieces root of a file from the hashes of all its blocks (any file size; a file no larger than a
    /// piece has a tree of just its own blocks rounded up to a power of two).
    /// </summary>
    public static void ComputeFileRoot(ReadOnlySpan<byte> blockHashes, Span<byte> destination)
    {
        Span<byte> zero = stackalloc byte[HashSize];
        zero.Clear();
        var count = blockHashes.Length / HashSize;
        ComputeRoot(blockHashes, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1)), zero, destination);
    }

    /// <summary>The pieces root of a file larger than one piece from its piece layer.</summary>
    public static void ComputeRootFromPieceLayer(ReadOnlySpan<byte> pieceLayer, int pieceLength, Span<byte> destination)
    {
        Span<byte> pad = stackalloc byte[HashSize];
        ComputePadHash(pieceLength, pad);
        var count = pieceLayer.Length / HashSize;
        ComputeRoot(pieceLayer, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1)), pad, destination);
    }

    /// <summary>
    /// Computes the pieces root of in-memory file data and its piece layer (empty when the file fits in one
    /// piece, where the root is the only hash). For small data and tests; creation streams blocks instead.
    /// </summary>
    public static byte[] ComputePiecesRoot(ReadOnlySpan<byte> fileData, int pieceLength, out byte[] pieceLayer)
    {
        if (fileData.IsEmpty)
        {
            throw new ArgumentException("Empty files have no pieces root.", nameof(fileData));
        }

        var blockCount = (fileData.Length + BlockSize - 1) / BlockSize;
        var blockHashes = new byte[blockCount * HashSize];
        for (var i = 0; i < blockCount; i++)
        {
            var start = i * BlockSize;
            HashBlock(fileData.Slice(start, Math.Min(BlockSize, fileData.Length - start)), blockHashes.AsSpan(i * HashSize, HashSize));
        }

        var root = new byte[HashSize];
        ComputeFileRoot(blockHashes, root);
        if (fileData.Length <= pieceLength)
        {
            pieceLayer = [];
            return root;
        }

        var perPiece = BlocksPerPiece(pieceLength);
        var pieceCount = (blockCount + perPiece - 1) / perPiece;
        pieceLayer = new byte[pieceCount * HashSize];
        for (var p = 0; p < pieceCount; p++)
        {
            var first = p * perPiece;
            var blocks = Math.Min(perPiece, blockCount - first);
            ComputePieceHash(blockHashes.AsSpan(first * HashSize, blocks * HashSize), pieceLength, pieceLayer.AsSpan(p * HashSize, HashSize));
        }

        return root;
    }

    /// <summary>Number of 16 KiB blocks in one piece (the piece length must be a power of two >= 16 KiB).</summary>
    public static int BlocksPerPiece(int pieceLength)
    {
        if (pieceLength < BlockSize || !BitOperations.IsPow2(pieceLength))
        {
            throw new ArgumentOutOfRangeException(nameof(pieceLength), pieceLength, "A v2 piece length is a power of two of at least 16 KiB.");
        }

        return pieceLength / BlockSize;
    }

    private static void ComputeZeroRootFrom(Span<byte> node, int leafCount, Span<byte> destination)
    {
        for (var width = leafCount; width > 1; width /= 2)
        {
            HashPair(node, node, node);
        }

        node.CopyTo(destination);
    }
}
