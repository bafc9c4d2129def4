namespace Publisher.Service.WebSeeds;

/// <summary>
/// The RFC 9110 <c>Range: bytes=</c> header resolved against a representation of known length.
/// A syntactically invalid header is ignored (RFC 9110 section 14.2 lets a server ignore it), so the whole
/// representation is sent with 200. Several ranges are answered with the whole representation too (also allowed by
/// section 14.2, and no BitTorrent client sends them): one 200 is cheaper than multipart/byteranges for both sides.
/// Several ranges of which none is satisfiable still give 416.
/// </summary>
/// <param name="Kind">How to answer.</param>
/// <param name="Offset">The first byte to send.</param>
/// <param name="Count">How many bytes to send (the whole length unless <see cref="ByteRangeKind.Partial"/>).</param>
internal readonly record struct ByteRange(ByteRangeKind Kind, long Offset, long Count)
{
    /// <summary>Resolves <paramref name="header"/> (null or empty when absent) against <paramref name="length"/>.</summary>
    public static ByteRange Resolve(ReadOnlySpan<char> header, long length)
    {
        var whole = new ByteRange(ByteRangeKind.Whole, 0, length);
        if (header.IsEmpty || header.Length > WebSeedLimits.MaxRangeHeaderChars)
        {
            return whole;
        }

        var equals = header.IndexOf('=');
        if (equals < 0 || !header[..equals].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return whole;
        }

        var set = header[(equals + 1)..];
        var specs = 0;
        var satisfiable = 0;
        ByteRange first = whole;
        while (true)
        {
            var comma = set.IndexOf(',');
            var spec = (comma < 0 ? set : set[..comma]).Trim(" \t");
            if (!spec.IsEmpty)
            {
                if (!TryParseSpec(spec, length, out var range, out var isSatisfiable))
                {
                    return whole;
                }

                specs++;
                if (isSatisfiable && satisfiable++ == 0)
                {
                    first = range;
                }
            }

            if (comma < 0)
            {
                break;
            }

            set = set[(comma + 1)..];
        }

        if (specs == 0)
        {
            return whole;
        }

        if (satisfiable == 0)
        {
            return new ByteRange(ByteRangeKind.Unsatisfiable, 0, 0);
        }

        return specs == 1 ? first : whole;
    }

    private static bool TryParseSpec(ReadOnlySpan<char> spec, long length, out ByteRange range, out bool satisfiable)
    {
        range = default;
        satisfiable = false;
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var firstText = spec[..dash];
        var lastText = spec[(dash + 1)..];
        if (firstText.IsEmpty)
        {
            // suffix-range: the last N bytes.
            if (!TryParseDigits(lastText, out var suffix))
            {
                return false;
            }

            if (suffix == 0 || length == 0)
            {
                return true;
            }

            var count = Math.Min(suffix, length);
            range = new ByteRange(ByteRangeKind.Partial, length - count, count);
            satisfiable = true;
            return true;
        }

        if (!TryParseDigits(firstText, out var firstPos))
        {
            return false;
        }

        var lastPos = long.MaxValue;
        if (!lastText.IsEmpty)
        {
            if (!TryParseDigits(lastText, out lastPos) || lastPos < firstPos)
            {
                return false;
            }
        }

        if (firstPos >= length)
        {
            return true;
        }

        var end = Math.Min(lastPos, length - 1);
        range = new ByteRange(ByteRangeKind.Partial, firstPos, end - firstPos + 1);
        satisfiable = true;
        return true;
    }

    /// <summary>Digits only; values beyond <see cref="long.MaxValue"/> saturate (they are beyond any length anyway).</summary>
    private static bool TryParseDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var digit = c - '0';
            value = value > (long.MaxValue - digit) / 10 ? long.MaxValue : (value * 10) + digit;
        }

        return true;
    }
}
