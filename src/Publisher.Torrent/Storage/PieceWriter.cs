using System.Buffers;
using System.Threading.Channels;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Storage;

/// <summary>
/// The write path. Blocks of a piece are assembled in a pooled buffer as they arrive (blocks may come from several
/// peers); a complete piece goes through a channel to one verification worker, off the network read loops, which
/// checks its hash and only then writes it to the files (never unverified bytes). A piece that fails is discarded
/// and reported with the peers that contributed to it. The number of buffers is bounded by the pieces the picker has
/// in progress.
/// </summary>
internal sealed class PieceWriter : IAsyncDisposable
{
    private readonly StorageLayout _layout;
    private readonly FileHandleCache _files;
    private readonly IPieceWriterEvents _events;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PendingPiece> _pending = [];
    private readonly Channel<PendingPiece> _queue = Channel.CreateUnbounded<PendingPiece>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private readonly Stack<byte[]> _free = new();
    private readonly int _maxInFlight;
    private readonly int _maxFree;
    private int _inFlight;

    public PieceWriter(StorageLayout layout, FileHandleCache files, IPieceWriterEvents events)
    {
        _layout = layout;
        _files = files;
        _events = events;
        _maxInFlight = Math.Max(ProtocolLimits.MinPiecesAwaitingVerification, ProtocolLimits.MaxBytesAwaitingVerification / layout.PieceLength);
        _maxFree = _maxInFlight;
        _worker = Task.Run(VerifyLoopAsync);
    }

    /// <summary>
    /// True while more complete pieces wait for the hash worker than <see cref="ProtocolLimits.MaxBytesAwaitingVerification"/>
    /// allows: stop requesting until it catches up (this bounds the writer's memory).
    /// </summary>
    public bool IsBacklogged => Volatile.Read(ref _inFlight) >= _maxInFlight;

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
    /// Copies an accepted block into its piece's buffer (the picker accepted it, so it is in range and not a
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
                pending = new PendingPiece(block.Piece, RentBuffer(), size, (size + ProtocolLimits.BlockLength - 1) / ProtocolLimits.BlockLength);
                _pending.Add(block.Piece, pending);
            }

            data.CopyTo(pending.Data.AsSpan(block.Begin));
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

    /// <summary>Drops a partly assembled piece (the picker gave it up); its buffer goes back to the pool.</summary>
    public void Discard(int piece)
    {
        lock (_gate)
        {
            if (_pending.Remove(piece, out var pending))
            {
                ReturnBuffer(pending.Data);
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
                ReturnBuffer(pending.Data);
            }

            _pending.Clear();
        }
    }

    private async Task VerifyLoopAsync()
    {
        using var checker = new PieceHashChecker(_layout);
        await foreach (var pending in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                var data = pending.Data.AsSpan(0, pending.Size);
                if (checker.Check(pending.Piece, data))
                {
                    try
                    {
                        _files.Write((long)pending.Piece * _layout.PieceLength, data);
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
                ReturnBuffer(pending.Data);
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>
    /// Piece buffers are reused through this writer's own free list rather than the shared pool: piece-sized arrays
    /// live on the large object heap, and the shared pool drops what does not fit its buckets, which left garbage
    /// for gen 2 and grew the downloader's memory.
    /// </summary>
    private byte[] RentBuffer()
    {
        lock (_free)
        {
            if (_free.TryPop(out var buffer))
            {
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<byte>(_layout.PieceLength);
    }

    private void ReturnBuffer(byte[] buffer)
    {
        lock (_free)
        {
            if (_free.Count < _maxFree)
            {
                _free.Push(buffer);
            }
        }
    }

    private sealed class PendingPiece(int piece, byte[] data, int size, int blockCount)
    {
        public int Piece { get; } = piece;

        public byte[] Data { get; } = data;

        public int Size { get; } = size;

        public int BlockCount { get; } = blockCount;

        public int Received { get; set; }

        public List<object> Contributors { get; } = new(2);
    }
}
