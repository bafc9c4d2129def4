namespace Publisher.Torrent.Pieces;

/// <summary>
/// Block bookkeeping of a piece being downloaded: which blocks are unrequested, requested (by whom, and how many
/// times in endgame) and received. Instances are pooled by the picker.
/// </summary>
internal sealed class PartialPiece
{
    private readonly BlockState[] _states;
    private readonly object?[] _owners;
    private readonly byte[] _requestCount;
    private List<(int Block, object Owner)>? _extraOwners;

    public PartialPiece(int maxBlocks)
    {
        _states = new BlockState[maxBlocks];
        _owners = new object?[maxBlocks];
        _requestCount = new byte[maxBlocks];
    }

    public int Piece { get; private set; }

    public int BlockCount { get; private set; }

    public int Unrequested { get; private set; }

    public int Received { get; private set; }

    public bool IsComplete => Received == BlockCount;

    /// <summary>True when nothing is requested or received: the piece can go back to the unstarted pool.</summary>
    public bool IsIdle => Received == 0 && Unrequested == BlockCount;

    public void Reset(int piece, int blockCount)
    {
        Piece = piece;
        BlockCount = blockCount;
        Unrequested = blockCount;
        Received = 0;
        Array.Clear(_states, 0, blockCount);
        Array.Clear(_owners, 0, blockCount);
        Array.Clear(_requestCount, 0, blockCount);
        _extraOwners?.Clear();
    }

    public BlockState StateOf(int block) => _states[block];

    public int RequestCountOf(int block) => _requestCount[block];

    /// <summary>The first unrequested block at or after <paramref name="start"/>, or -1.</summary>
    public int NextUnrequested(int start)
    {
        if (Unrequested == 0)
        {
            return -1;
        }

        var index = _states.AsSpan(start, BlockCount - start).IndexOf(BlockState.None);
        return index < 0 ? -1 : start + index;
    }

    public void Request(int block, object owner)
    {
        if (_states[block] == BlockState.None)
        {
            _states[block] = BlockState.Requested;
            _owners[block] = owner;
            _requestCount[block] = 1;
            Unrequested--;
            return;
        }

        // Endgame duplicate.
        (_extraOwners ??= []).Add((block, owner));
        _requestCount[block]++;
    }

    public bool IsRequestedBy(int block, object owner)
    {
        if (ReferenceEquals(_owners[block], owner))
        {
            return true;
        }

        if (_extraOwners is { Count: > 0 } extras)
        {
            foreach (var (b, o) in extras)
            {
                if (b == block && ReferenceEquals(o, owner))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Removes <paramref name="owner"/>'s request for a block; the block returns to unrequested when nobody else asked.</summary>
    public void Abandon(int block, object owner)
    {
        if (_states[block] != BlockState.Requested)
        {
            return;
        }

        if (ReferenceEquals(_owners[block], owner))
        {
            _owners[block] = TakeExtraOwner(block);
        }
        else if (!RemoveExtraOwner(block, owner))
        {
            return;
        }

        if (--_requestCount[block] == 0)
        {
            _states[block] = BlockState.None;
            _owners[block] = null;
            Unrequested++;
        }
    }

    /// <summary>Marks a block received and lists the other owners that had requested it (to cancel). False for a duplicate.</summary>
    public bool Receive(int block, object owner, List<object>? otherOwners)
    {
        var state = _states[block];
        if (state == BlockState.Received)
        {
            return false;
        }

        if (state == BlockState.None)
        {
            Unrequested--;
        }
        else if (otherOwners is not null)
        {
            if (_owners[block] is { } first && !ReferenceEquals(first, owner))
            {
                otherOwners.Add(first);
            }

            if (_extraOwners is { Count: > 0 } extras)
            {
                foreach (var (b, o) in extras)
                {
                    if (b == block && !ReferenceEquals(o, owner))
                    {
                        otherOwners.Add(o);
                    }
                }
            }
        }

        while (RemoveExtraOwner(block, null))
        {
        }

        _states[block] = BlockState.Received;
        _owners[block] = null;
        _requestCount[block] = 0;
        Received++;
        return true;
    }

    private object? TakeExtraOwner(int block)
    {
        if (_extraOwners is { Count: > 0 } extras)
        {
            for (var i = 0; i < extras.Count; i++)
            {
                if (extras[i].Block == block)
                {
                    var owner = extras[i].Owner;
                    extras.RemoveAt(i);
                    return owner;
                }
            }
        }

        return null;
    }

    /// <summary>Removes one extra owner entry for <paramref name="block"/> (any owner when <paramref name="owner"/> is null).</summary>
    private bool RemoveExtraOwner(int block, object? owner)
    {
        if (_extraOwners is not { Count: > 0 } extras)
        {
            return false;
        }

        for (var i = 0; i < extras.Count; i++)
        {
            if (extras[i].Block == block && (owner is null || ReferenceEquals(extras[i].Owner, owner)))
            {
                extras.RemoveAt(i);
                return true;
            }
        }

        return false;
    }
}
