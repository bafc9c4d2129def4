using System.Numerics;

namespace Publisher.Torrent.Pieces;

/// <content>Choosing blocks for a peer.</content>
internal sealed partial class PiecePicker
{
    /// <summary>True when every block of every obtainable missing piece is requested: duplicates are allowed now.</summary>
    public bool IsEndgame
    {
        get
        {
            lock (_gate)
            {
                return InEndgame();
            }
        }
    }

    /// <summary>
    /// Picks up to <paramref name="destination"/>.Length blocks to request from the peer identified by
    /// <paramref name="owner"/>, which has <paramref name="peerHas"/> (null for a seed). When
    /// <paramref name="onlyPieces"/> is not empty (a choking peer's allowed-fast set) only those pieces are considered.
    /// The blocks are recorded as requested by <paramref name="owner"/>; return any not sent through
    /// <see cref="RequestAbandoned"/>. Pieces in <paramref name="exclude"/> (the peer rejected them) are not considered.
    /// </summary>
    public int PickBlocks(object owner, Bitfield? peerHas, Span<BlockRequest> destination, ReadOnlySpan<int> onlyPieces = default, Bitfield? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (peerHas is not null && peerHas.Length != PieceCount)
        {
            throw new ArgumentException("The peer's bitfield is for another torrent.", nameof(peerHas));
        }

        if (exclude is not null && exclude.Length != PieceCount)
        {
            throw new ArgumentException("The excluded pieces are for another torrent.", nameof(exclude));
        }

        lock (_gate)
        {
            var count = 0;
            var restricted = !onlyPieces.IsEmpty;

            // 1. Pieces with deadlines, earliest first.
            for (var i = 0; i < _deadlines.Count && count < destination.Length; i++)
            {
                var piece = _deadlines[i].Piece;
                if (Eligible(piece, peerHas, exclude, restricted, onlyPieces) && GetOrStart(piece) is { } partial)
                {
                    count += TakeBlocks(partial, owner, destination[count..]);
                }
            }

            // 2. Finish what is started.
            for (var i = 0; i < _partialOrder.Count && count < destination.Length; i++)
            {
                var partial = _partialOrder[i];
                if (partial.Unrequested > 0 && _priority[partial.Piece] != FilePriority.Skip && Eligible(partial.Piece, peerHas, exclude, restricted, onlyPieces))
                {
                    count += TakeBlocks(partial, owner, destination[count..]);
                }
            }

            // 3. Start new pieces.
            while (count < destination.Length)
            {
                var piece = restricted ? FirstStartable(peerHas, exclude, onlyPieces) : ChooseNewPiece(peerHas, exclude);
                if (piece < 0)
                {
                    break;
                }

                count += TakeBlocks(Start(piece), owner, destination[count..]);
            }

            // 4. Endgame: ask this peer too for blocks others are slow to deliver.
            if (count == 0 && InEndgame())
            {
                count = TakeEndgameBlocks(owner, peerHas, exclude, restricted, onlyPieces, destination);
            }

            return count;
        }
    }

    private bool Eligible(int piece, Bitfield? peerHas, Bitfield? exclude, bool restricted, ReadOnlySpan<int> onlyPieces) =>
        !Have[piece] && !_verifying[piece] && (peerHas is null || peerHas[piece]) && (exclude is null || !exclude[piece]) && (!restricted || onlyPieces.Contains(piece));

    private PartialPiece? GetOrStart(int piece)
    {
        if (_partials.TryGetValue(piece, out var partial))
        {
            return partial;
        }

        return _startable[piece] ? Start(piece) : null;
    }

    private PartialPiece Start(int piece)
    {
        var partial = _pool.Count > 0 ? _pool.Pop() : new PartialPiece((PieceLength + ProtocolLimits.BlockLength - 1) / ProtocolLimits.BlockLength);
        partial.Reset(piece, BlockCountOf(piece));
        _partials.Add(piece, partial);
        _partialOrder.Add(partial);
        _startable.Clear(piece);
        return partial;
    }

    private void Release(PartialPiece partial)
    {
        _partials.Remove(partial.Piece);
        _partialOrder.Remove(partial);
        _pool.Push(partial);
        if (_wanted[partial.Piece] && !Have[partial.Piece] && !_verifying[partial.Piece])
        {
            _startable.Set(partial.Piece);
        }
    }

    private int TakeBlocks(PartialPiece partial, object owner, Span<BlockRequest> destination)
    {
        var count = 0;
        var block = partial.NextUnrequested(0);
        while (block >= 0 && count < destination.Length)
        {
            partial.Request(block, owner);
            destination[count++] = BlockOf(partial.Piece, block);
            block = block + 1 < partial.BlockCount ? partial.NextUnrequested(block + 1) : -1;
        }

        return count;
    }

    private int TakeEndgameBlocks(object owner, Bitfield? peerHas, Bitfield? exclude, bool restricted, ReadOnlySpan<int> onlyPieces, Span<BlockRequest> destination)
    {
        var count = 0;
        for (var i = 0; i < _partialOrder.Count && count < destination.Length; i++)
        {
            var partial = _partialOrder[i];
            if (!Eligible(partial.Piece, peerHas, exclude, restricted, onlyPieces))
            {
                continue;
            }

            for (var block = 0; block < partial.BlockCount && count < destination.Length; block++)
            {
                if (partial.StateOf(block) == BlockState.Requested
                    && partial.RequestCountOf(block) < _options.MaxEndgameRequestsPerBlock
                    && !partial.IsRequestedBy(block, owner))
                {
                    partial.Request(block, owner);
                    destination[count++] = BlockOf(partial.Piece, block);
                }
            }
        }

        return count;
    }

    private bool InEndgame()
    {
        if (_partialOrder.Count == 0)
        {
            return false;
        }

        foreach (var partial in _partialOrder)
        {
            if (partial.Unrequested > 0)
            {
                return false;
            }
        }

        // Startable pieces that some peer has would still give fresh blocks.
        var words = _startable.Words;
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            while (word != 0)
            {
                var bit = BitOperations.LeadingZeroCount(word);
                if (_availability[(w << 6) + bit] + _seedCount > 0)
                {
                    return false;
                }

                word &= ~(1UL << (63 - bit));
            }
        }

        return true;
    }

    private int FirstStartable(Bitfield? peerHas, Bitfield? exclude, ReadOnlySpan<int> onlyPieces)
    {
        foreach (var piece in onlyPieces)
        {
            if ((uint)piece < (uint)PieceCount && _startable[piece] && (peerHas is null || peerHas[piece]) && (exclude is null || !exclude[piece]))
            {
                return piece;
            }
        }

        return -1;
    }

    /// <summary>High-priority pieces first; within a priority sequential, random (first pieces) or rarest-first.</summary>
    private int ChooseNewPiece(Bitfield? peerHas, Bitfield? exclude)
    {
        if (_startable.IsEmpty)
        {
            return -1;
        }

        if (!_high.IsEmpty)
        {
            var piece = Choose(peerHas, exclude, highOnly: true);
            if (piece >= 0)
            {
                return piece;
            }
        }

        return Choose(peerHas, exclude, highOnly: false);
    }

    private int Choose(Bitfield? peerHas, Bitfield? exclude, bool highOnly)
    {
        var startable = _startable.Words;
        var high = _high.Words;
        var has = peerHas is null ? default : peerHas.Words;
        var excluded = exclude is null ? default : exclude.Words;
        var wordCount = startable.Length;
        var sequential = Sequential;
        var random = !sequential && Have.Count < _options.RandomFirstPieces;
        // Start at a random piece, not at the start of a random word: peers that all take the first candidate of a
        // word would walk through the same pieces in the same order and ask a seed for the same pieces (duplicates
        // that no leecher can trade). The first word is visited twice: from the start bit on, then below it at the end.
        var start = sequential ? 0 : _random.Next(PieceCount);
        var first = start >> 6;
        var startMask = ulong.MaxValue >> (start & 63);
        var best = -1;
        var bestAvailability = int.MaxValue;
        var floor = peerHas is null ? 0 : 1;
        for (var n = 0; n <= wordCount; n++)
        {
            var w = first + n;
            if (w >= wordCount)
            {
                w -= wordCount;
            }

            var word = startable[w] & (n == 0 ? startMask : n == wordCount ? ~startMask : ulong.MaxValue);
            if (peerHas is not null)
            {
                word &= has[w];
            }

            if (exclude is not null)
            {
                word &= ~excluded[w];
            }

            if (highOnly)
            {
                word &= high[w];
            }

            if (word == 0)
            {
                continue;
            }

            if (sequential)
            {
                return (w << 6) + BitOperations.LeadingZeroCount(word);
            }

            if (random)
            {
                return (w << 6) + NthSetBit(word, _random.Next(BitOperations.PopCount(word)));
            }

            while (word != 0)
            {
                var bit = BitOperations.LeadingZeroCount(word);
                var piece = (w << 6) + bit;
                var availability = _availability[piece];
                if (availability < bestAvailability)
                {
                    best = piece;
                    bestAvailability = availability;
                    if (availability <= floor)
                    {
                        return best;
                    }
                }

                word &= ~(1UL << (63 - bit));
            }
        }

        return best;
    }

    /// <summary>The position (from the most significant bit) of the <paramref name="n"/>-th set bit of <paramref name="word"/>.</summary>
    private static int NthSetBit(ulong word, int n)
    {
        for (var i = 0; i < n; i++)
        {
            word &= ~(1UL << (63 - BitOperations.LeadingZeroCount(word)));
        }

        return BitOperations.LeadingZeroCount(word);
    }
}
