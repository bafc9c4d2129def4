namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// Parses one RESP2 reply from a buffer. Incomplete input is "need more" (false), never an exception; malformed input
/// or a length beyond <see cref="RedisLimits"/> throws <see cref="RedisProtocolException"/> before anything is allocated for it.
/// </summary>
internal static class RespParser
{
    /// <summary>Parses a whole reply at the start of <paramref name="input"/>; false when more bytes are needed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out RespValue? value, out int consumed)
    {
        consumed = 0;
        return TryParse(input, 0, ref consumed, out value);
    }

    private static bool TryParse(ReadOnlySpan<byte> input, int depth, ref int position, out RespValue? value)
    {
        value = null;
        if (position >= input.Length)
        {
            return false;
        }

        var prefix = input[position];
        if (!TryReadLine(input, position + 1, out var line, out var next))
        {
            return false;
        }

        switch (prefix)
        {
            case (byte)'+':
                value = new RespValue(RespKind.SimpleString, 0, line.ToArray(), null);
                position = next;
                return true;
            case (byte)'-':
                value = new RespValue(RespKind.Error, 0, line.ToArray(), null);
                position = next;
                return true;
            case (byte)':':
                value = new RespValue(RespKind.Integer, ParseInteger(line), null, null);
                position = next;
                return true;
            case (byte)'$':
                return TryParseBulk(input, ParseInteger(line), next, ref position, out value);
            case (byte)'*':
                return TryParseArray(input, ParseInteger(line), depth, next, ref position, out value);
            default:
                throw new RedisProtocolException($"Unknown RESP type byte 0x{prefix:X2} from Redis.");
        }
    }

    private static bool TryParseBulk(ReadOnlySpan<byte> input, long length, int start, ref int position, out RespValue? value)
    {
        value = null;
        if (length == -1)
        {
            value = RespValue.NullValue;
            position = start;
            return true;
        }

        if (length < 0 || length > RedisLimits.MaxBulkBytes)
        {
            throw new RedisProtocolException($"Redis sent a bulk string length of {length}; the limit is {RedisLimits.MaxBulkBytes} bytes.");
        }

        var size = (int)length;
        if (input.Length - start < size + 2)
        {
            return false;
        }

        if (input[start + size] != (byte)'\r' || input[start + size + 1] != (byte)'\n')
        {
            throw new RedisProtocolException("A Redis bulk string is not followed by CRLF.");
        }

        value = new RespValue(RespKind.BulkString, 0, input.Slice(start, size).ToArray(), null);
        position = start + size + 2;
        return true;
    }

    private static bool TryParseArray(ReadOnlySpan<byte> input, long count, int depth, int start, ref int position, out RespValue? value)
    {
        value = null;
        if (count == -1)
        {
            value = RespValue.NullValue;
            position = start;
            return true;
        }

        if (count < 0 || count > RedisLimits.MaxArrayElements)
        {
            throw new RedisProtocolException($"Redis sent an array of {count} elements; the limit is {RedisLimits.MaxArrayElements}.");
        }

        if (depth >= RedisLimits.MaxDepth)
        {
            throw new RedisProtocolException($"Redis sent arrays nested deeper than {RedisLimits.MaxDepth}.");
        }

        // Each element needs at least 3 bytes ("+\r\n"): a count the buffer cannot hold yet is "need more" before allocating.
        if ((input.Length - start) / 3 < count)
        {
            return false;
        }

        var items = new RespValue[(int)count];
        var cursor = start;
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryParse(input, depth + 1, ref cursor, out var item))
            {
                return false;
            }

            items[i] = item!;
        }

        value = new RespValue(RespKind.Array, 0, null, items);
        position = cursor;
        return true;
    }

    private static bool TryReadLine(ReadOnlySpan<byte> input, int start, out ReadOnlySpan<byte> line, out int next)
    {
        line = default;
        next = 0;
        var rest = input[start..];
        var limit = Math.Min(rest.Length, RedisLimits.MaxLineBytes + 1);
        var end = rest[..limit].IndexOf((byte)'\r');
        if (end < 0)
        {
            if (rest.Length > RedisLimits.MaxLineBytes)
            {
                throw new RedisProtocolException($"A Redis reply line is longer than {RedisLimits.MaxLineBytes} bytes.");
            }

            return false;
        }

        if (end + 1 >= rest.Length)
        {
            return false;
        }

        if (rest[end + 1] != (byte)'\n')
        {
            throw new RedisProtocolException("A Redis reply line has CR without LF.");
        }

        line = rest[..end];
        next = start + end + 2;
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line.Length > 20)
        {
            throw new RedisProtocolException("Redis sent an empty or overlong integer.");
        }

        var negative = line[0] == (byte)'-';
        var digits = negative ? line[1..] : line;
        if (digits.IsEmpty)
        {
            throw new RedisProtocolException("Redis sent a sign without digits.");
        }

        long value = 0;
        foreach (var b in digits)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                throw new RedisProtocolException("Redis sent a non-numeric integer.");
            }

            if (value > (long.MaxValue - digit) / 10)
            {
                throw new RedisProtocolException("Redis sent an integer that overflows 64 bits.");
            }

            value = (value * 10) + digit;
        }

        return negative ? -value : value;
    }
}
