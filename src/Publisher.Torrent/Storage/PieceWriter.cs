using System.Buffers;
using System.Threading.Channels;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Storage;

/// <summary>
/// The write path. Blocks of a piece are assembled in pooled chunks of <see cref="ProtocolLimits.PieceBufferChunkLength"/>
/// bytes as they arrive (blocks may come from several peers); a complete piece goes through a channel to one
/// verification worker, off the network read loops, which checks its hash and only then writes it to the files (never
/// unverified bytes). A piece that fails is discarded and reported with the peers that contributed to it. Memory is
/// bounded by bytes actually received: at <see cref="ProtocolLimits.MaxBufferedPieceBytes"/> the writer reports
/// <see cref="IsBacklogged"/> so the engine stops requesting, and the chunk pool keeps what it allocated (no garbage
/// per piece, so the heap does not grow with the torrent).
/// </summary>
internal sealed class PieceWriter : IAsyncDisposable
{
    private const int ChunkLength = ProtocolLimits.PieceBufferChunkLength;

    private readonly StorageLayout _layout;
    private readonly FileHandleCache _files;
    private readonly IPieceWriterEvents _events;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PendingPiece> _pending = [];
    private readonly Channel<PendingPiece> _queue = Channel.CreateUnbounded<PendingPiece>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private readonly Stack<byte[]> _free = new();
    private readonly int _backlogChunks;
    private readonly int _maxPooledChunks;
    private int _chunksInUse;
    private int _inFlight;

    public PieceWriter(StorageLayout layout, FileHandleCache files, IPieceWriterEvents events)
    {
        _layout = layout;
        _files = files;
        _events = events;
        var chunksPerPiece = (layout.PieceLength + ChunkLength - 1) / ChunkLength;
        _backlogChunks = Math.Max(ProtocolLimits.MaxBufferedPieceBytes / ChunkLength, 2 * chunksPerPiece);

        // Requests already on the wire when the backlog starts still arrive: room for one full request window on top.
        _maxPooledChunks = _backlogChunks + (ProtocolLimits.MaxOutstandingRequests * ProtocolLimits.BlockLength / ChunkLength);
        _worker = Task.Run(VerifyLoopAsync);
    }

    /// <summary>
    /// True while the received, unverified bytes held in memory reach <see cref="ProtocolLimits.MaxBufferedPieceBytes"/>:
    /// stop requesting until the hash worker catches up (this bounds the writer's memory).
    /// </summary>
    public bool IsBacklogged => Volatile.Read(ref _chunksInUse) >= _backlogChunks;

    /// <summary>Bytes of chunk buffers holding received, not yet written data.</summary>
    public long BufferedBytes => (long)Volatile.Read(ref _chunksInUse) * ChunkLength;

    /// <summary>Chunk buffers this writer allocated and still owns (in use or pooled for reuse).</summary>
    public int AllocatedChunks { get; private set; }

    /// <summary>Pieces assembled or queued for verification, not yet resolved.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count + Volatile.Read(ref _inFlight);
            }
        }
    }

    /// <summary>
    /// Copies an accepted block into its piece's chunks (the picker accepted it, so it is in range and not a
    /// duplicate). When it completes the piece, the piece is queued for verification.
    /// </summary>
    public void AddBlock(BlockRequest block, in ReadOnlySequence<byte> data, object contributor)
    {
        var size = _layout.PieceSize(block.Piece);
        if ((uint)block.Piece >= (uint)_layout.PieceCount || block.Begin < 0 || (long)block.Begin + data.Length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(block), "The block is outside its piece.");
        }

        PendingPiece pending;
        lock (_gate)
        {
            if (!_pending.TryGetValue(block.Piece, out pending!))
            {
                pending = new PendingPiece(block.Piece, size, (size + ProtocolLimits.BlockLength - 1) / ProtocolLimits.BlockLength, (size + ChunkLength - 1) / ChunkLength);
                _pending.Add(block.Piece, pending);
            }

            var position = block.Begin;
            var remaining = data;
            while (!remaining.IsEmpty)
            {
                var index = position / ChunkLength;
                var offset = position - (index * ChunkLength);
                var count = (int)Math.Min(remaining.Length, ChunkLength - offset);
                var chunk = pending.Chunks[index] ??= RentChunk();
                remaining.Slice(0, count).CopyTo(chunk.AsSpan(offset, count));
                remaining = remaining.Slice(count);
                position += count;
            }

            if (!pending.Contributors.Contains(contributor))
            {
                pending.Contributors.Add(contributor);
            }

            if (++pending.Received < pending.BlockCount)
            {
                return;
            }

            _pending.Remove(block.Piece);
            Interlocked.Increment(ref _inFlight);
        }

        _queue.Writer.TryWrite(pending);
    }

    /// <summary>Drops a partly assembled piece (the picker gave it up); its chunks go back to the pool.</summary>
    public void Discard(int piece)
    {
        lock (_gate)
        {
            if (_pending.Remove(piece, out var pending))
            {
                ReturnChunks(pending);
            }
        }
    }

    /// <summary>Waits until every queued piece is verified and written, then flushes the files.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _inFlight) > 0 && !_worker.IsCompleted)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        _files.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var pending in _pending.Values)
            {
                ReturnChunks(pending);
            }

            _pending.Clear();
            _free.Clear();
        }
    }

    private async Task VerifyLoopAsync()
    {
        using var checker = new PieceHashChecker(_layout);
        await foreach (var pending in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (checker.Check(pending.Piece, pending.Chunks, ChunkLength, pending.Size))
                {
                    try
                    {
                        Write(pending);
                    }
                    catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                    {
                        _events.OnDiskError(error);
                        continue;
                    }

                    _events.OnPieceVerified(pending.Piece);
                }
                else
                {
                    _events.OnPieceFailed(pending.Piece, pending.Contributors);
                }
            }
            finally
            {
                lock (_gate)
                {
                    ReturnChunks(pending);
                }

                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private void Write(PendingPiece pending)
    {
        var start = (long)pending.Piece * _layout.PieceLength;
        for (var i = 0; i < pending.Chunks.Length; i++)
        {
            var length = Math.Min(ChunkLength, pending.Size - (i * ChunkLength));
            _files.Write(start + ((long)i * ChunkLength), pending.Chunks[i].AsSpan(0, length));
        }
    }

    /// <summary>A chunk from the pool, or a new one (the caller holds <see cref="_gate"/>).</summary>
    private byte[] RentChunk()
    {
        _chunksInUse++;
        if (_free.TryPop(out var chunk))
        {
            return chunk;
        }

        AllocatedChunks++;
        return GC.AllocateUninitializedArray<byte>(ChunkLength);
    }

    /// <summary>Gives a piece's chunks back to the pool (the caller holds <see cref="_gate"/>).</summary>
    private void ReturnChunks(PendingPiece pending)
    {
        var chunks = pending.Chunks;
        for (var i = 0; i < chunks.Length; i++)
        {
            if (chunks[i] is not { } chunk)
            {
                continue;
            }

            chunks[i] = null;
            _chunksInUse--;
            if (_free.Count < _maxPooledChunks)
            {
                _free.Push(chunk);
            }
            else
            {
                AllocatedChunks--;
            }
        }
    }

    private sealed class PendingPiece(int piece, int size, int blockCount, int chunkCount)
    {
        public int Piece { get; } = piece;

        public int Size { get; } = size;

        public int BlockCount { get; } = blockCount;

        public byte[]?[] Chunks { get; } = new byte[]?[chunkCount];

        public int Received { get; set; }

        public List<object> Contributors { get; } = new(2);
    }
}
