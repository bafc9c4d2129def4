using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>
/// Serving BEP 52 hash requests from our piece layers, so peers that started a v2 or hybrid torrent from a magnet link
/// (which carries no piece layers) can verify what they download. Anything we cannot prove is answered with a hash
/// reject; a peer that floods us with requests, or sends hashes we never asked for, is closed.
/// </content>
internal sealed partial class TorrentSession
{
    private byte[][]?[]? _hashTrees;
    private int _hashRequestsAnswered;

    /// <summary>Hash requests answered with hashes (not rejected), for diagnostics and tests.</summary>
    public int HashRequestsAnswered => Volatile.Read(ref _hashRequestsAnswered);

    private void OnHashMessage(PeerSession peer, in PeerMessage message)
    {
        if (message.Kind == PeerMessageKind.Hashes)
        {
            // The session never asks (piece layers come with the torrent or are fetched before it is added).
            throw new ProtocolViolationException(WireViolation.BadHashMessage, "The peer sent hashes we never asked for.");
        }

        if (message.Kind != PeerMessageKind.HashRequest || !HashRequest.TryRead(message.Payload, out var request))
        {
            return;
        }

        var root = new byte[HashRequest.RootLength];
        HashRequest.CopyRoot(message.Payload, root);
        request = request with { PiecesRoot = root };
        var deferred = IsBlockHashRequest(request);
        var answer = deferred ? null : AnswerHashRequest(request);
        if (!peer.QueueHashReply(request, answer, deferred))
        {
            throw new ProtocolViolationException(WireViolation.TooManyRequests, "The peer sent more hash requests than we queue.");
        }

        if (answer is not null)
        {
            // Block-layer answers are counted when the sender loop computes them.
            Interlocked.Increment(ref _hashRequestsAnswered);
        }
    }

    /// <summary>
    /// The hashes answering <paramref name="request"/> (the run, then the uncles up to its proof layers), or null for a
    /// hash reject: unknown pieces root, a file without a piece layer, a base layer below the piece layer (those are
    /// answered from disk by <see cref="AnswerBlockHashRequest"/>), or a range or proof outside the file's tree.
    /// </summary>
    internal byte[]? AnswerHashRequest(in HashRequest request)
    {
        var file = FindFileByRoot(request.PiecesRoot.Span);
        if (file < 0)
        {
            return null;
        }

        var entry = Layout.Files[file];
        var pieceLayer = HashTree.PieceLayer(PieceLength);
        if (entry.Length <= PieceLength
            || entry.PieceLayer.Length != HashTree.PieceCount(entry.Length, PieceLength) * MerkleTree.HashSize
            || request.BaseLayer < pieceLayer
            || !HashTree.IsValid(request, entry.Length))
        {
            return null;
        }

        var answer = new byte[(request.Length + HashTree.UncleCount(request)) * MerkleTree.HashSize];
        HashTree.WriteAnswer(TreeOf(file), pieceLayer, request, answer);
        return answer;
    }

    private int FindFileByRoot(ReadOnlySpan<byte> root)
    {
        if (root.Length != MerkleTree.HashSize || !Layout.HasV2)
        {
            return -1;
        }

        var files = Layout.Files;
        for (var i = 0; i < files.Count; i++)
        {
            if (!files[i].IsPadding && files[i].PiecesRoot.Span.SequenceEqual(root))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The file's tree above its piece layer, built once on first use (requests are rare: one per 512 pieces).</summary>
    private byte[][] TreeOf(int file)
    {
        var trees = Volatile.Read(ref _hashTrees);
        if (trees is null)
        {
            Interlocked.CompareExchange(ref _hashTrees, new byte[][]?[Layout.Files.Count], null);
            trees = _hashTrees!;
        }

        if (Volatile.Read(ref trees[file]) is { } built)
        {
            return built;
        }

        var entry = Layout.Files[file];
        var tree = HashTree.FromPieceLayer(entry.PieceLayer.Span, PieceLength, entry.Length);
        return Interlocked.CompareExchange(ref trees[file], tree, null) ?? tree;
    }
}
