using System.Numerics;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <summary>
/// The arithmetic of BEP 52 hash requests over one file's merkle tree. Layers are numbered from the leaves (16 KiB
/// blocks, 0) up; layer <c>b</c> of a file whose block count rounds up to <c>2^k</c> leaves has <c>2^(k-b)</c> nodes,
/// the root is layer <c>k</c>. A request names a run of <c>Length</c> nodes at <c>BaseLayer</c> starting at
/// <c>Index</c> (a multiple of <c>Length</c>, a power of two) and <c>ProofLayers</c> ancestor layers: the answer is the
/// run followed by uncles, the first being the sibling of the run's subtree root. BEP 52 omits the first
/// <c>log2(Length) - 1</c> proof layers (the run itself covers them), so <c>ProofLayers</c> = p brings
/// <c>p - log2(Length) + 1</c> uncles, and a proof up to the root has <c>ProofLayers = k - BaseLayer - 1</c>; the root
/// itself is never sent (the requester knows it). This is libtorrent 2.0's reading too.
/// </summary>
internal static class HashTree
{
    /// <summary>Layers of the file's tree, leaves to root inclusive.</summary>
    public static int LayerCount(long fileLength)
    {
        var blocks = (ulong)Math.Max(1, (fileLength + MerkleTree.BlockSize - 1) / MerkleTree.BlockSize);
        return BitOperations.Log2(BitOperations.RoundUpToPowerOf2(blocks)) + 1;
    }

    /// <summary>The layer whose nodes each cover one piece: log2(piece length / 16 KiB).</summary>
    public static int PieceLayer(int pieceLength) => BitOperations.Log2((uint)MerkleTree.BlocksPerPiece(pieceLength));

    /// <summary>Pieces of a file (v2 files start on piece boundaries).</summary>
    public static int PieceCount(long fileLength, int pieceLength) => (int)((fileLength + pieceLength - 1) / pieceLength);

    /// <summary>Hashes after the requested run in an answer: the proof layers not covered by the run itself.</summary>
    public static int UncleCount(in HashRequest request) =>
        Math.Max(0, request.ProofLayers - Math.Max(0, BitOperations.Log2((uint)request.Length) - 1));

    /// <summary>
    /// True when the request fits the file's tree: the base layer exists below the root, the run lies inside it, is a
    /// power of two long and aligned to its length, and its uncles stop below the root.
    /// </summary>
    public static bool IsValid(in HashRequest request, long fileLength)
    {
        if (!request.IsWithinLimits || !BitOperations.IsPow2(request.Length) || request.Index % request.Length != 0)
        {
            return false;
        }

        var layers = LayerCount(fileLength);
        if (request.BaseLayer >= layers - 1 || request.ProofLayers >= layers - 1 - request.BaseLayer)
        {
            return false;
        }

        var width = 1L << (layers - 1 - request.BaseLayer);
        return (long)request.Index + request.Length <= width;
    }

    /// <summary>
    /// The tree above a file's piece layer: element 0 is the piece layer padded with the pad hash to a power of two,
    /// each next element the layer above it, the last the root. <paramref name="pieceLayer"/> holds one hash per piece.
    /// </summary>
    public static byte[][] FromPieceLayer(ReadOnlySpan<byte> pieceLayer, int pieceLength, long fileLength)
    {
        var levels = LayerCount(fileLength) - PieceLayer(pieceLength);
        var result = new byte[levels][];
        var width = 1 << (levels - 1);
        var bottom = new byte[width * MerkleTree.HashSize];
        pieceLayer.CopyTo(bottom);
        Span<byte> pad = stackalloc byte[MerkleTree.HashSize];
        MerkleTree.ComputePadHash(pieceLength, pad);
        for (var i = pieceLayer.Length / MerkleTree.HashSize; i < width; i++)
        {
            pad.CopyTo(bottom.AsSpan(i * MerkleTree.HashSize));
        }

        result[0] = bottom;
        for (var level = 1; level < levels; level++)
        {
            var below = result[level - 1];
            width /= 2;
            var layer = new byte[width * MerkleTree.HashSize];
            for (var i = 0; i < width; i++)
            {
                MerkleTree.HashPair(below.AsSpan(2 * i * MerkleTree.HashSize, MerkleTree.HashSize), below.AsSpan(((2 * i) + 1) * MerkleTree.HashSize, MerkleTree.HashSize), layer.AsSpan(i * MerkleTree.HashSize, MerkleTree.HashSize));
            }

            result[level] = layer;
        }

        return result;
    }

    /// <summary>
    /// Writes the answer to a valid request whose base layer is at or above the piece layer, from a tree built by
    /// <see cref="FromPieceLayer"/>; returns the bytes written ((Length + uncles) x 32).
    /// </summary>
    public static int WriteAnswer(byte[][] tree, int pieceLayer, in HashRequest request, Span<byte> destination)
    {
        var level = request.BaseLayer - pieceLayer;
        var run = request.Length * MerkleTree.HashSize;
        tree[level].AsSpan(request.Index * MerkleTree.HashSize, run).CopyTo(destination);
        var written = run;
        var above = BitOperations.Log2((uint)request.Length);
        var index = request.Index >> above;
        var uncles = UncleCount(request);
        for (var i = 0; i < uncles; i++)
        {
            tree[level + above + i].AsSpan((index ^ 1) * MerkleTree.HashSize, MerkleTree.HashSize).CopyTo(destination[written..]);
            written += MerkleTree.HashSize;
            index >>= 1;
        }

        return written;
    }

    /// <summary>
    /// True when <paramref name="hashes"/> (the run, then its uncles) answers <paramref name="request"/> and proves the
    /// run up to the file's <paramref name="piecesRoot"/>: the request is valid for the file, its proof reaches the root,
    /// the hash count is exact, and folding the run and uncles gives the root.
    /// </summary>
    public static bool Verify(in HashRequest request, ReadOnlySpan<byte> hashes, ReadOnlySpan<byte> piecesRoot, long fileLength)
    {
        if (!IsValid(request, fileLength) || piecesRoot.Length != MerkleTree.HashSize)
        {
            return false;
        }

        var above = BitOperations.Log2((uint)request.Length);
        var uncles = UncleCount(request);
        if (hashes.Length != (request.Length + uncles) * MerkleTree.HashSize
            || request.BaseLayer + above + uncles != LayerCount(fileLength) - 1)
        {
            return false;
        }

        var run = request.Length * MerkleTree.HashSize;
        Span<byte> unused = stackalloc byte[MerkleTree.HashSize];
        Span<byte> node = stackalloc byte[MerkleTree.HashSize];
        MerkleTree.ComputeRoot(hashes[..run], request.Length, unused, node);
        var index = request.Index >> above;
        for (var i = 0; i < uncles; i++)
        {
            var uncle = hashes.Slice(run + (i * MerkleTree.HashSize), MerkleTree.HashSize);
            if ((index & 1) == 0)
            {
                MerkleTree.HashPair(node, uncle, node);
            }
            else
            {
                MerkleTree.HashPair(uncle, node, node);
            }

            index >>= 1;
        }

        return node.SequenceEqual(piecesRoot);
    }
}
