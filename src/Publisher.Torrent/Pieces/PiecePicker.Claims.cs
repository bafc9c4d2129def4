using System.Numerics;

namespace Publisher.Torrent.Pieces;

/// <content>Whole-piece claims for web seeds and the origin offload policy.</content>
internal sealed partial class PiecePicker
{
    /// <inheritdoc/>
    public int UnavailablePieceCount
    {
        get
        {
            lock (_gate)
            {
                return FindUnavailable(count: true);
            }
        }
    }

    /// <inheritdoc/>
    public bool TryClaimPiece(object owner, PieceClaimPolicy policy, out int piece)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            piece = FindUnavailable(count: false);
            if (piece < 0 && policy == PieceClaimPolicy.UnavailableFirst)
            {
                piece = ChooseNewPiece(peerHas: null);
            }

            if (piece < 0)
            {
                return false;
            }

            var partial = Start(piece);
            for (var block = 0; block < partial.BlockCount; block++)
            {
                partial.Request(block, owner);
            }

            return true;
        }
    }

    /// <inheritdoc/>
    public void ReleaseClaim(int piece, object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            if (!_partials.TryGetValue(piece, out var partial))
            {
                return;
            }

            for (var block = 0; block < partial.BlockCount; block++)
            {
                if (partial.StateOf(block) == BlockState.Requested && partial.IsRequestedBy(block, owner))
                {
                    partial.Abandon(block, owner);
                }
            }

            if (partial.IsIdle)
            {
                Release(partial);
            }
        }
    }

    /// <summary>The first (high priority first) startable piece no peer has, or with <paramref name="count"/> how many there are.</summary>
    private int FindUnavailable(bool count)
    {
        if (_seedCount > 0)
        {
            return count ? 0 : -1;
        }

        var found = 0;
        var fallback = -1;
        var words = _startable.Words;
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            while (word != 0)
            {
                var bit = BitOperations.LeadingZeroCount(word);
                var piece = (w << 6) + bit;
                if (_availability[piece] == 0)
                {
                    if (count)
                    {
                        found++;
                    }
                    else if (_high[piece])
                    {
                        return piece;
                    }
                    else if (fallback < 0)
                    {
                        fallback = piece;
                    }
                }

                word &= ~(1UL << (63 - bit));
            }
        }

        return count ? found : fallback;
    }
}
