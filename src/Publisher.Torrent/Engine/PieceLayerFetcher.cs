using System.Buffers;
using System.Net;
using System.Numerics;
using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <summary>
/// Fetches the piece layers of a v2 torrent known only by its info dictionary (a magnet start: BEP 9 carries no piece
/// layers) with BEP 52 hash requests, one peer at a time. For every file larger than a piece it asks for the piece
/// layer in runs of up to 512 hashes with proofs up to the file's pieces root, and keeps a run only when the proof
/// folds to that root; a peer that rejects, stalls or sends a run that does not prove is dropped and the next one asked.
/// The result feeds <see cref="TorrentInfo.Create"/>, which checks each whole layer against its root once more.
/// </summary>
internal sealed class PieceLayerFetcher : IPeerMessageHandler
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);
    private readonly TorrentEngine _engine;
    private readonly TorrentInfo _torrent;
    private readonly List<Run> _runs = [];
    private readonly byte[]?[] _layers;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TaskCompletionSource<bool>> _pending = [];
    private int _done;

    public PieceLayerFetcher(TorrentEngine engine, TorrentInfo torrent)
    {
        _engine = engine;
        _torrent = torrent;
        _layers = new byte[]?[torrent.Files.Count];
        var pieceLength = torrent.PieceLength;
        var baseLayer = HashTree.PieceLayer(pieceLength);
        for (var file = 0; file < torrent.Files.Count; file++)
        {
            var entry = torrent.Files[file];
            if (entry.IsPadFile || entry.Length <= pieceLength)
            {
                continue;
            }

            var pieces = HashTree.PieceCount(entry.Length, pieceLength);
            _layers[file] = new byte[pieces * MerkleTree.HashSize];
            // Uncles up to just below the root (which we know); runs of at least two (BEP 52: a run of one only at the
            // end of a layer, and libtorrent 2.0 miscounts the uncles of a run of one).
            var proofLayers = HashTree.LayerCount(entry.Length) - 2 - baseLayer;
            for (var index = 0; index < pieces; index += ProtocolLimits.MaxHashRequestLength)
            {
                var length = (int)Math.Min(ProtocolLimits.MaxHashRequestLength, Math.Max(2, BitOperations.RoundUpToPowerOf2((uint)(pieces - index))));
                _runs.Add(new Run(file, new HashRequest(entry.PiecesRoot, baseLayer, index, length, proofLayers)));
            }
        }
    }

    /// <summary>True when some file needs its piece layer fetched.</summary>
    public bool IsNeeded => _runs.Count > 0;

    /// <summary>Asks each peer in turn (in rounds until cancelled); returns the verified piece layers, keyed by pieces root.</summary>
    public async Task<BDictionary> FetchAsync(Func<IReadOnlyList<IPEndPoint>> peers, CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _done) < _runs.Count)
        {
            foreach (var endPoint in peers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                await TryPeerAsync(endPoint, cancellationToken).ConfigureAwait(false);
                if (Volatile.Read(ref _done) == _runs.Count)
                {
                    break;
                }
            }

            if (Volatile.Read(ref _done) < _runs.Count)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _engine.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        var entries = new List<KeyValuePair<BString, BValue>>();
        for (var file = 0; file < _layers.Length; file++)
        {
            if (_layers[file] is { } layer)
            {
                entries.Add(new(new BString(_torrent.Files[file].PiecesRoot), new BString(layer)));
            }
        }

        return new BDictionary(entries);
    }

    private async Task TryPeerAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        PeerConnection connection;
        try
        {
            connection = await PeerConnection.ConnectAsync(endPoint, _engine.ConnectionOptions, _engine.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return;
        }

        await using (connection.ConfigureAwait(false))
        {
            connection.PieceCount = _torrent.PieceCount;
            var remote = await connection.HandshakeAsync(_engine.CreateHandshake(_torrent.InfoHashes.Primary.AsSpan()), ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            if (remote is null || (connection.FastExtension && !await connection.SendHaveAllAsync(false, cancellationToken).ConfigureAwait(false)))
            {
                return;
            }

            var run = connection.RunAsync(this, cancellationToken);
            try
            {
                await AskAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                connection.Close(PeerCloseReason.Local, message: "piece layers fetched");
                await run.ConfigureAwait(false);
                FailPending();
            }
        }
    }

    /// <summary>Keeps up to <see cref="ProtocolLimits.MaxOutstandingHashRequests"/> runs in flight; stops at the first failure.</summary>
    private async Task AskAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task<bool>>(ProtocolLimits.MaxOutstandingHashRequests);
        for (var i = 0; i < _runs.Count; i++)
        {
            if (_runs[i].Done)
            {
                continue;
            }

            var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _pending[i] = answered;
            }

            if (!await connection.SendHashRequestAsync(PeerMessageId.HashRequest, _runs[i].Request, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            inFlight.Add(answered.Task);
            if (inFlight.Count == ProtocolLimits.MaxOutstandingHashRequests && !await DrainAsync(inFlight, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        await DrainAsync(inFlight, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> DrainAsync(List<Task<bool>> inFlight, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var task in inFlight)
            {
                if (!await task.WaitAsync(AnswerTimeout, _engine.Options.TimeProvider, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            inFlight.Clear();
        }
    }

    private void FailPending()
    {
        lock (_gate)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetResult(false);
            }

            _pending.Clear();
        }
    }

    /// <summary>The run a hashes or hash reject message answers, or -1.</summary>
    private int Match(in HashRequest answer, ReadOnlySequence<byte> payload)
    {
        Span<byte> root = stackalloc byte[HashRequest.RootLength];
        HashRequest.CopyRoot(payload, root);
        foreach (var index in _pending.Keys)
        {
            var asked = _runs[index].Request;
            if (asked.BaseLayer == answer.BaseLayer && asked.Index == answer.Index && asked.Length == answer.Length
                && asked.ProofLayers == answer.ProofLayers && asked.PiecesRoot.Span.SequenceEqual(root))
            {
                return index;
            }
        }

        return -1;
    }

    void IPeerMessageHandler.OnMessage(PeerConnection connection, in PeerMessage message)
    {
        if (message.Kind is not (PeerMessageKind.Hashes or PeerMessageKind.HashReject) || !HashRequest.TryRead(message.Payload, out var answer))
        {
            return;
        }

        TaskCompletionSource<bool>? pending;
        int index;
        lock (_gate)
        {
            index = Match(answer, message.Payload);
            if (index < 0 || !_pending.Remove(index, out pending))
            {
                throw new Wire.ProtocolViolationException(WireViolation.BadHashMessage, "The peer answered a hash request we did not send.");
            }
        }

        if (message.Kind == PeerMessageKind.HashReject)
        {
            pending.TrySetResult(false);
            return;
        }

        var run = _runs[index];
        var entry = _torrent.Files[run.File];
        var hashes = message.Payload.Slice(ProtocolLimits.HashRequestPayloadLength);
        var bytes = (int)hashes.Length;
        var rented = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            var span = rented.AsSpan(0, bytes);
            hashes.CopyTo(span);
            if (!HashTree.Verify(run.Request, span, entry.PiecesRoot.Span, entry.Length))
            {
                pending.TrySetResult(false);
                throw new Wire.ProtocolViolationException(WireViolation.BadHashMessage, "The peer's hashes do not prove to the file's pieces root.");
            }

            // Hashes past the file's last piece are pad hashes: only the file's own pieces go into its layer.
            var layer = _layers[run.File]!;
            var start = run.Request.Index * MerkleTree.HashSize;
            var count = Math.Min(run.Request.Length * MerkleTree.HashSize, layer.Length - start);
            span[..count].CopyTo(layer.AsSpan(start));
            run.Done = true;
            Interlocked.Increment(ref _done);
            pending.TrySetResult(true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    void IPeerMessageHandler.OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data)
    {
    }

    void IPeerMessageHandler.OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests)
    {
    }

    int IPeerMessageHandler.FillRequests(PeerConnection connection, Span<BlockRequest> destination) => 0;

    void IPeerMessageHandler.OnClosed(PeerConnection connection, PeerCloseInfo info) => FailPending();

    private sealed class Run(int file, HashRequest request)
    {
        public int File { get; } = file;

        public HashRequest Request { get; } = request;

        public bool Done { get; set; }
    }
}
