using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <summary>
/// The requests we sent to one peer and have not seen answered, in send order. Cancelled requests stay (marked) until
/// the peer answers them or they expire, so a late piece or reject for them is not mistaken for an unsolicited one.
/// Entries are appended at the tail and retired by marking; the head skips retired entries, so the usual in-order
/// answer costs O(1). Bounded by <see cref="Capacity"/>. Not thread-safe: the connection locks around it.
/// </summary>
internal sealed class OutstandingRequests
{
    private const byte Active = 0;
    private const byte Cancelled = 1;
    private const byte Done = 2;

    private readonly Entry[] _entries;
    private int _head;
    private int _tail;

    public OutstandingRequests(int maxActive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActive, 1);
        Capacity = maxActive * 2;
        _entries = new Entry[Capacity];
    }

    /// <summary>The most entries (active and cancelled) held.</summary>
    public int Capacity { get; }

    /// <summary>Requests sent and neither answered nor cancelled.</summary>
    public int ActiveCount { get; private set; }

    /// <summary>Records a sent request. When full of cancelled entries the oldest cancelled one is forgotten.</summary>
    public void Add(BlockRequest block, long sentAt)
    {
        if (_tail == _entries.Length)
        {
            Compact();
            if (_tail == _entries.Length)
            {
                DropOldestCancelled();
                Compact();
            }
        }

        if (_tail == _entries.Length)
        {
            throw new InvalidOperationException("More requests outstanding than the pipeline allows.");
        }

        _entries[_tail++] = new Entry { Block = block, SentAt = sentAt, State = Active };
        ActiveCount++;
    }

    /// <summary>Retires the request matching a piece or reject message.</summary>
    /// <returns>
    /// <see cref="RequestMatch.Active"/> for a live request, <see cref="RequestMatch.Cancelled"/> for one we cancelled,
    /// <see cref="RequestMatch.None"/> when we never asked for it.
    /// </returns>
    public RequestMatch Complete(int piece, int begin, int length)
    {
        for (var i = _head; i < _tail; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.State != Done && entry.Block.Piece == piece && entry.Block.Begin == begin && entry.Block.Length == length)
            {
                var match = entry.State == Active ? RequestMatch.Active : RequestMatch.Cancelled;
                if (entry.State == Active)
                {
                    ActiveCount--;
                }

                entry.State = Done;
                AdvanceHead();
                return match;
            }
        }

        return RequestMatch.None;
    }

    /// <summary>Marks an active request cancelled; returns false when it was not active.</summary>
    public bool Cancel(BlockRequest block)
    {
        for (var i = _head; i < _tail; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.State == Active && entry.Block == block)
            {
                entry.State = Cancelled;
                ActiveCount--;
                return true;
            }
        }

        return false;
    }

    /// <summary>Marks every active request cancelled and copies them to <paramref name="destination"/> (at least <see cref="ActiveCount"/> long).</summary>
    public int CancelAll(Span<BlockRequest> destination)
    {
        var count = 0;
        for (var i = _head; i < _tail; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.State == Active)
            {
                entry.State = Cancelled;
                destination[count++] = entry.Block;
            }
        }

        ActiveCount = 0;
        return count;
    }

    /// <summary>Forgets cancelled requests sent before <paramref name="sentBefore"/> (the peer will not answer them now).</summary>
    public void ExpireCancelled(long sentBefore)
    {
        for (var i = _head; i < _tail; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.State == Cancelled && entry.SentAt < sentBefore)
            {
                entry.State = Done;
            }
        }

        AdvanceHead();
    }

    private void AdvanceHead()
    {
        while (_head < _tail && _entries[_head].State == Done)
        {
            _head++;
        }

        if (_head == _tail)
        {
            _head = 0;
            _tail = 0;
        }
    }

    private void DropOldestCancelled()
    {
        for (var i = _head; i < _tail; i++)
        {
            if (_entries[i].State == Cancelled)
            {
                _entries[i].State = Done;
                return;
            }
        }
    }

    private void Compact()
    {
        var write = 0;
        for (var read = _head; read < _tail; read++)
        {
            if (_entries[read].State != Done)
            {
                _entries[write++] = _entries[read];
            }
        }

        _head = 0;
        _tail = write;
    }

    private struct Entry
    {
        public BlockRequest Block;
        public long SentAt;
        public byte State;
    }
}
