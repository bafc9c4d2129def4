using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Publisher.Torrent.Pieces;

/// <summary>
/// A fixed-length set of piece indices. Bits are kept in wire order (piece 0 is the most significant bit of the first
/// word), so converting to and from the wire is a big-endian copy of whole words; spare bits past
/// <see cref="Length"/> are always zero. The set count is cached. Not thread-safe.
/// </summary>
internal sealed partial class Bitfield
{
    private readonly ulong[] _words;
    private int _count;

    /// <summary>Creates an empty bitfield of <paramref name="length"/> bits.</summary>
    public Bitfield(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _words = new ulong[(length + 63) >> 6];
    }

    /// <summary>The number of pieces (bits).</summary>
    public int Length { get; }

    /// <summary>The number of set bits.</summary>
    public int Count => _count;

    /// <summary>True when every bit is set.</summary>
    public bool IsFull => _count == Length;

    /// <summary>True when no bit is set.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>The length of this bitfield on the wire: ceil(Length / 8) bytes.</summary>
    public int WireLength => (Length + 7) >> 3;

    /// <summary>The words (64 pieces each, piece 0 in the most significant bit); spare bits are zero.</summary>
    internal ReadOnlySpan<ulong> Words => _words;

    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return (_words[index >> 6] & Mask(index)) != 0;
        }
    }

    /// <summary>Sets bit <paramref name="index"/>; returns true when it was clear.</summary>
    public bool Set(int index)
    {
        CheckIndex(index);
        ref var word = ref _words[index >> 6];
        var mask = Mask(index);
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        _count++;
        return true;
    }

    /// <summary>Clears bit <paramref name="index"/>; returns true when it was set.</summary>
    public bool Clear(int index)
    {
        CheckIndex(index);
        ref var word = ref _words[index >> 6];
        var mask = Mask(index);
        if ((word & mask) == 0)
        {
            return false;
        }

        word &= ~mask;
        _count--;
        return true;
    }

    /// <summary>Sets every bit.</summary>
    public void SetAll()
    {
        Array.Fill(_words, ulong.MaxValue);
        ClearSpareBits();
        _count = Length;
    }

    /// <summary>Clears every bit.</summary>
    public void ClearAll()
    {
        Array.Clear(_words);
        _count = 0;
    }

    /// <summary>Copies <paramref name="other"/> (of the same length) into this bitfield.</summary>
    public void CopyFrom(Bitfield other)
    {
        CheckSameLength(other);
        other._words.CopyTo(_words, 0);
        _count = other._count;
    }

    /// <summary>The first set bit at or after <paramref name="start"/>, or -1.</summary>
    public int FirstSet(int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start >= Length)
        {
            return -1;
        }

        var w = start >> 6;
        var word = _words[w] & (ulong.MaxValue >> (start & 63));
        while (true)
        {
            if (word != 0)
            {
                return (w << 6) + BitOperations.LeadingZeroCount(word);
            }

            if (++w == _words.Length)
            {
                return -1;
            }

            word = _words[w];
        }
    }

    /// <summary>The first clear bit at or after <paramref name="start"/>, or -1.</summary>
    public int FirstClear(int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start >= Length)
        {
            return -1;
        }

        var w = start >> 6;
        var word = ~_words[w] & (ulong.MaxValue >> (start & 63));
        while (true)
        {
            if (word != 0)
            {
                var index = (w << 6) + BitOperations.LeadingZeroCount(word);
                return index < Length ? index : -1;
            }

            if (++w == _words.Length)
            {
                return -1;
            }

            word = ~_words[w];
        }
    }

    /// <summary>Writes the wire form (ceil(Length / 8) bytes) into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        var wireLength = WireLength;
        if (destination.Length < wireLength)
        {
            throw new ArgumentException("The destination is shorter than the bitfield's wire length.", nameof(destination));
        }

        var whole = wireLength >> 3;
        for (var i = 0; i < whole; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[(i << 3)..], _words[i]);
        }

        var rest = wireLength & 7;
        if (rest != 0)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(last, _words[whole]);
            last[..rest].CopyTo(destination[(whole << 3)..]);
        }
    }

    /// <summary>
    /// Replaces the contents with a wire bitfield. Returns false (leaving this bitfield unchanged) when the length is
    /// not exactly ceil(Length / 8) or a spare bit is set.
    /// </summary>
    public bool TryReadFrom(ReadOnlySequence<byte> wire)
    {
        if (wire.Length != WireLength || !SpareBitsClear(wire, Length))
        {
            return false;
        }

        if (wire.IsSingleSegment)
        {
            ReadWords(wire.FirstSpan);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(WireLength);
            try
            {
                wire.CopyTo(rented);
                ReadWords(rented.AsSpan(0, WireLength));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return true;
    }

    /// <inheritdoc cref="TryReadFrom(ReadOnlySequence{byte})"/>
    public bool TryReadFrom(ReadOnlySpan<byte> wire)
    {
        if (wire.Length != WireLength || (wire.Length > 0 && !SpareBitsClear(wire[^1], Length)))
        {
            return false;
        }

        ReadWords(wire);
        return true;
    }

    /// <summary>True when the bits of the last byte of <paramref name="wire"/> past <paramref name="length"/> are zero.</summary>
    public static bool SpareBitsClear(ReadOnlySequence<byte> wire, int length)
    {
        if (wire.Length == 0)
        {
            return true;
        }

        Span<byte> last = stackalloc byte[1];
        wire.Slice(wire.Length - 1, 1).CopyTo(last);
        return SpareBitsClear(last[0], length);
    }

    private static bool SpareBitsClear(byte last, int length)
    {
        var spare = (8 - (length & 7)) & 7;
        return (last & ((1 << spare) - 1)) == 0;
    }

    private void ReadWords(ReadOnlySpan<byte> wire)
    {
        var whole = wire.Length >> 3;
        var count = 0;
        for (var i = 0; i < whole; i++)
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(wire[(i << 3)..]);
            _words[i] = word;
            count += BitOperations.PopCount(word);
        }

        var rest = wire.Length & 7;
        if (rest != 0)
        {
            Span<byte> last = stackalloc byte[8];
            last.Clear();
            wire[(whole << 3)..].CopyTo(last);
            var word = BinaryPrimitives.ReadUInt64BigEndian(last);
            _words[whole] = word;
            count += BitOperations.PopCount(word);
        }

        _count = count;
    }

    private void ClearSpareBits()
    {
        var used = Length & 63;
        if (used != 0)
        {
            _words[^1] &= ulong.MaxValue << (64 - used);
        }
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A piece index must be below {Length}.");
        }
    }

    private void CheckSameLength(Bitfield other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Length != Length)
        {
            throw new ArgumentException("Bitfields of different lengths cannot be combined.", nameof(other));
        }
    }

    private static ulong Mask(int index) => 1UL << (63 - (index & 63));
}
