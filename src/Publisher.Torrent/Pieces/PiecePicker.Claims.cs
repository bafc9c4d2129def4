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
                piece = ChooseNewPiece(peerHas: null, exclude: null);
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
    public bool TryClaimPieceAt(object owner, int piece)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            if ((uint)piece >= (uint)PieceCount || !_startable[piece])
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

    /// <summary>
    /// A startable piece no peer has (high priority first), or with <paramref name="count"/> how many there are. Outside
    /// sequential mode the scan starts at a random word and takes a random such piece of the first word holding one, so
    /// many clients fetching from the same origin spread over different pieces instead of all taking the lowest.
    /// </summary>
    private int FindUnavailable(bool count)
    {
        if (_seedCount > 0)
        {
            return count ? 0 : -1;
        }

        var words = _startable.Words;
        var high = _high.Words;
        var sequential = Sequential;
        var first = sequential || count || words.Length == 0 ? 0 : _random.Next(words.Length);
        var found = 0;
        var fallback = -1;
        for (var n = 0; n < words.Length; n++)
        {
            var w = first + n;
            if (w >= words.Length)
            {
                w -= words.Length;
            }

            var word = words[w];
            var zero = 0UL;
            while (word != 0)
            {
                var bit = BitOperations.LeadingZeroCount(word);
                if (_availability[(w << 6) + bit] == 0)
                {
                    zero |= 1UL << (63 - bit);
                }

                word &= ~(1UL << (63 - bit));
            }

            if (zero == 0)
            {
                continue;
            }

            if (count)
            {
                found += BitOperations.PopCount(zero);
                continue;
            }

            var highZero = zero & high[w];
            if (highZero != 0)
            {
                return (w << 6) + PickBit(highZero, sequential);
            }

            if (fallback < 0)
            {
                fallback = (w << 6) + PickBit(zero, sequential);
            }
        }

        return count ? found : fallback;
    }

    private int PickBit(ulong word, bool sequential) =>
        sequential ? BitOperations.LeadingZeroCount(word) : NthSetBit(word, _random.Next(BitOperations.PopCount(word)));
}
