using System.Buffers;
using System.Numerics;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>
/// Hash requests below the piece layer (block hashes; libtorrent asks for them after a piece fails, and BEP 52 says a
/// peer serving a piece must not refuse its leaf hashes). We keep no block hashes, so the piece holding the run is read
/// from disk and hashed, only when it is verified, and only runs within one piece (or within a file smaller than a
/// piece) are served; the proof above the piece comes from the piece layer. Runs on the peer's sender loop, not the
/// read loop, because it reads the disk.
/// </content>
internal sealed partial class TorrentSession
{
    /// <summary>True when <paramref name="request"/> asks for hashes below the piece layer (answered by <see cref="AnswerBlockHashRequest"/>).</summary>
    internal bool IsBlockHashRequest(in HashRequest request) => request.BaseLayer < HashTree.PieceLayer(PieceLength);

    /// <summary>The hashes answering a request below the piece layer, or null for a hash reject.</summary>
    internal byte[]? AnswerBlockHashRequest(in HashRequest request)
    {
        var file = FindFileByRoot(request.PiecesRoot.Span);
        if (file < 0)
        {
            return null;
        }

        var entry = Layout.Files[file];
        var pieceLayer = HashTree.PieceLayer(PieceLength);
        var layers = HashTree.LayerCount(entry.Length);
        var runTop = request.BaseLayer + BitOperations.Log2((uint)request.Length);
        var windowTop = Math.Min(pieceLayer, layers - 1);
        if (request.BaseLayer >= pieceLayer || !HashTree.IsValid(request, entry.Length) || runTop > windowTop)
        {
            return null;
        }

        // The window: the piece (or the whole tree of a file within one piece) holding the run.
        var windowLeaves = 1 << windowTop;
        var firstLeaf = (long)request.Index << request.BaseLayer;
        var windowStart = firstLeaf / windowLeaves * windowLeaves;
        var piece = (int)((Layout.Offsets[file] / PieceLength) + (windowStart / MerkleTree.BlocksPerPiece(PieceLength)));
        var windowBytes = (int)Math.Min((long)windowLeaves * MerkleTree.BlockSize, entry.Length - (windowStart * MerkleTree.BlockSize));
        if (windowBytes <= 0 || !CanServe(piece))
        {
            return null;
        }

        var window = WindowLayers(file, windowStart, windowBytes, windowLeaves, windowTop);
        if (window is null || !WindowRootMatches(entry, file, window[windowTop], windowStart, windowLeaves))
        {
            return null;
        }

        var answer = new byte[(request.Length + HashTree.UncleCount(request)) * MerkleTree.HashSize];
        var baseOffset = request.Index - (int)(windowStart >> request.BaseLayer);
        window[request.BaseLayer].AsSpan(baseOffset * MerkleTree.HashSize, request.Length * MerkleTree.HashSize).CopyTo(answer);
        var written = request.Length * MerkleTree.HashSize;
        var index = (long)request.Index >> (runTop - request.BaseLayer);
        var uncles = HashTree.UncleCount(request);
        for (var i = 0; i < uncles; i++)
        {
            var layer = runTop + i;
            var sibling = index ^ 1;
            var source = layer < windowTop
                ? window[layer].AsSpan((int)(sibling - (windowStart >> layer)) * MerkleTree.HashSize, MerkleTree.HashSize)
                : TreeOf(file)[layer - pieceLayer].AsSpan((int)sibling * MerkleTree.HashSize, MerkleTree.HashSize);
            source.CopyTo(answer.AsSpan(written));
            written += MerkleTree.HashSize;
            index >>= 1;
        }

        Interlocked.Increment(ref _hashRequestsAnswered);
        return answer;
    }

    /// <summary>The window's layers from its leaves (element 0) to its root, hashed from disk; null when unreadable.</summary>
    private byte[][]? WindowLayers(int file, long windowStart, int windowBytes, int windowLeaves, int windowTop)
    {
        var data = ArrayPool<byte>.Shared.Rent(windowBytes);
        try
        {
            using (var reader = new PieceReader(Layout, SaveDirectory))
            {
                if (!reader.Read(Layout.Offsets[file] + (windowStart * MerkleTree.BlockSize), data.AsSpan(0, windowBytes)))
                {
                    return null;
                }
            }

            var layers = new byte[windowTop + 1][];
            layers[0] = new byte[windowLeaves * MerkleTree.HashSize];
            HashingPipeline.HashBlocks(data.AsSpan(0, windowBytes), layers[0]);
            for (var level = 1; level <= windowTop; level++)
            {
                var below = layers[level - 1];
                var width = windowLeaves >> level;
                layers[level] = new byte[width * MerkleTree.HashSize];
                for (var i = 0; i < width; i++)
                {
                    MerkleTree.HashPair(below.AsSpan(2 * i * MerkleTree.HashSize, MerkleTree.HashSize), below.AsSpan(((2 * i) + 1) * MerkleTree.HashSize, MerkleTree.HashSize), layers[level].AsSpan(i * MerkleTree.HashSize, MerkleTree.HashSize));
                }
            }

            return layers;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    /// <summary>The hashed window agrees with what the torrent says (its piece-layer entry, or the file's root).</summary>
    private bool WindowRootMatches(StorageFile entry, int file, ReadOnlySpan<byte> windowRoot, long windowStart, int windowLeaves)
    {
        if (entry.Length <= PieceLength)
        {
            return windowRoot.SequenceEqual(entry.PiecesRoot.Span);
        }

        var pieceInFile = (int)(windowStart / windowLeaves);
        return windowRoot.SequenceEqual(TreeOf(file)[0].AsSpan(pieceInFile * MerkleTree.HashSize, MerkleTree.HashSize));
    }
}
