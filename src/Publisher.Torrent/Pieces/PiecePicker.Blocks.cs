namespace Publisher.Torrent.Pieces;

/// <content>Arrivals, abandoned requests and verification results.</content>
internal sealed partial class PiecePicker
{
    /// <summary>
    /// Records an arriving block from <paramref name="owner"/>. In endgame the other owners that requested the same
    /// block are added to <paramref name="cancelOwners"/> so the engine can send them cancels.
    /// </summary>
    public BlockReceipt BlockReceived(BlockRequest block, object owner, List<object>? cancelOwners = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            if ((uint)block.Piece >= (uint)PieceCount || !_partials.TryGetValue(block.Piece, out var partial))
            {
                return BlockReceipt.NotWanted;
            }

            var index = block.BlockIndex;
            if (index >= partial.BlockCount || !BlockOf(block.Piece, index).Equals(block))
            {
                return BlockReceipt.NotWanted;
            }

            if (!partial.Receive(index, owner, cancelOwners))
            {
                return BlockReceipt.Duplicate;
            }

            if (!partial.IsComplete)
            {
                return BlockReceipt.Accepted;
            }

            _partials.Remove(block.Piece);
            _partialOrder.Remove(partial);
            _pool.Push(partial);
            _verifying.Set(block.Piece);
            return BlockReceipt.PieceComplete;
        }
    }

    /// <summary>A request to <paramref name="owner"/> will not be answered: the block becomes available to others.</summary>
    public void RequestAbandoned(BlockRequest block, object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            AbandonLocked(block, owner);
        }
    }

    /// <summary>Several requests to <paramref name="owner"/> will not be answered.</summary>
    public void RequestsAbandoned(ReadOnlySpan<BlockRequest> blocks, object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            foreach (var block in blocks)
            {
                AbandonLocked(block, owner);
            }
        }
    }

    /// <summary>The piece's hash matched: it is ours.</summary>
    public void PieceVerified(int piece)
    {
        lock (_gate)
        {
            MarkHave(piece);
        }
    }

    /// <summary>The piece's hash did not match: its data is discarded and it will be downloaded again.</summary>
    public void PieceFailed(int piece)
    {
        lock (_gate)
        {
            _verifying.Clear(piece);
            if (_wanted[piece] && !Have[piece] && !_partials.ContainsKey(piece))
            {
                _startable.Set(piece);
            }
        }
    }

    private void AbandonLocked(BlockRequest block, object owner)
    {
        if ((uint)block.Piece >= (uint)PieceCount || !_partials.TryGetValue(block.Piece, out var partial))
        {
            return;
        }

        var index = block.BlockIndex;
        if (index >= partial.BlockCount)
        {
            return;
        }

        partial.Abandon(index, owner);
        if (partial.IsIdle)
        {
            Release(partial);
        }
    }
}
