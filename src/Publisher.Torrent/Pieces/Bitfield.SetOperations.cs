using System.Numerics;

namespace Publisher.Torrent.Pieces;

/// <content>Whole-word set operations.</content>
internal sealed partial class Bitfield
{
    /// <summary>this = this AND other.</summary>
    public void And(Bitfield other)
    {
        CheckSameLength(other);
        var count = 0;
        for (var i = 0; i < _words.Length; i++)
        {
            count += BitOperations.PopCount(_words[i] &= other._words[i]);
        }

        _count = count;
    }

    /// <summary>this = this OR other.</summary>
    public void Or(Bitfield other)
    {
        CheckSameLength(other);
        var count = 0;
        for (var i = 0; i < _words.Length; i++)
        {
            count += BitOperations.PopCount(_words[i] |= other._words[i]);
        }

        _count = count;
    }

    /// <summary>this = this AND NOT other.</summary>
    public void AndNot(Bitfield other)
    {
        CheckSameLength(other);
        var count = 0;
        for (var i = 0; i < _words.Length; i++)
        {
            count += BitOperations.PopCount(_words[i] &= ~other._words[i]);
        }

        _count = count;
    }

    /// <summary>True when some bit is set in this and not in <paramref name="other"/> (e.g. "the peer has a piece we lack").</summary>
    public bool HasAnyNotIn(Bitfield other)
    {
        CheckSameLength(other);
        var a = _words;
        var b = other._words;
        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] & ~b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The number of bits set in both this and <paramref name="other"/>.</summary>
    public int CountAnd(Bitfield other)
    {
        CheckSameLength(other);
        var count = 0;
        for (var i = 0; i < _words.Length; i++)
        {
            count += BitOperations.PopCount(_words[i] & other._words[i]);
        }

        return count;
    }

    /// <summary>Sets bits [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public void SetRange(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Length);
        for (var i = start; i < start + count; i++)
        {
            if ((i & 63) == 0 && i + 64 <= start + count)
            {
                _count += 64 - BitOperations.PopCount(_words[i >> 6]);
                _words[i >> 6] = ulong.MaxValue;
                i += 63;
                continue;
            }

            Set(i);
        }
    }
}
