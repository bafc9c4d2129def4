using System.Buffers.Text;
using System.Buffers;

namespace Publisher.Torrent.Bencoding;

/// <summary>Encodes <see cref="BValue"/>s as canonical bencode (dictionary keys sorted, shortest integers).</summary>
public static class BencodeEncoder
{
    /// <summary>The canonical encoding of <paramref name="value"/> as a new array.</summary>
    public static byte[] Encode(BValue value)
    {
        var buffer = new byte[GetEncodedLength(value)];
        var written = Write(value, buffer);
        return written == buffer.Length ? buffer : throw new InvalidOperationException("Encoded length mismatch.");
    }

    /// <summary>Appends the canonical encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Encode(BValue value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = GetEncodedLength(value);
        var written = Write(value, output.GetSpan(length));
        output.Advance(written);
    }

    /// <summary>Writes the canonical encoding into <paramref name="destination"/>; false when it is too small.</summary>
    public static bool TryEncode(BValue value, Span<byte> destination, out int bytesWritten)
    {
        var length = GetEncodedLength(value);
        if (length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = Write(value, destination);
        return true;
    }

    /// <summary>Number of bytes the canonical encoding of <paramref name="value"/> takes.</summary>
    /// <exception cref="InvalidOperationException">The encoding would exceed 2 GiB.</exception>
    public static int GetEncodedLength(BValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Measure(value, 0);
        return length <= int.MaxValue ? (int)length : throw new InvalidOperationException("The encoded value would exceed 2 GiB.");
    }

    private static long Measure(BValue value, int depth)
    {
        if (depth > ProtocolLimits.MaxBencodeDepth)
        {
            throw new InvalidOperationException($"Values nested deeper than {ProtocolLimits.MaxBencodeDepth} cannot be encoded.");
        }

        switch (value)
        {
            case BString s:
                return DigitCount(s.Length) + 1 + s.Length;
            case BInteger i:
                return IntegerLength(i.Value) + 2;
            case BList list:
                long total = 2;
                foreach (var item in list)
                {
                    total += Measure(item, depth + 1);
                }

                return total;
            case BDictionary dictionary:
                long sum = 2;
                foreach (var (key, item) in dictionary)
                {
                    sum += DigitCount(key.Length) + 1 + key.Length + Measure(item, depth + 1);
                }

                return sum;
            default:
                throw new ArgumentException($"Unknown value type {value.GetType()}.", nameof(value));
        }
    }

    private static int Write(BValue value, Span<byte> destination)
    {
        switch (value)
        {
            case BString s:
                return WriteString(s.Span, destination);
            case BInteger i:
                destination[0] = (byte)'i';
                Utf8Formatter.TryFormat(i.Value, destination[1..], out var digits);
                destination[digits + 1] = (byte)'e';
                return digits + 2;
            case BList list:
                var p = 1;
                destination[0] = (byte)'l';
                foreach (var item in list)
                {
                    p += Write(item, destination[p..]);
                }

                destination[p] = (byte)'e';
                return p + 1;
            case BDictionary dictionary:
                var q = 1;
                destination[0] = (byte)'d';
                foreach (var (key, item) in dictionary)
                {
                    q += WriteString(key.Span, destination[q..]);
                    q += Write(item, destination[q..]);
                }

                destination[q] = (byte)'e';
                return q + 1;
            default:
                throw new ArgumentException($"Unknown value type {value.GetType()}.", nameof(value));
        }
    }

    private static int WriteString(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(bytes.Length, destination, out var written);
        destination[written] = (byte)':';
        bytes.CopyTo(destination[(written + 1)..]);
        return written + 1 + bytes.Length;
    }

    private static int DigitCount(long value)
    {
        var count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }

    private static int IntegerLength(long value)
    {
        if (value == long.MinValue)
        {
            return 20;
        }

        return value < 0 ? DigitCount(-value) + 1 : DigitCount(value);
    }
}
