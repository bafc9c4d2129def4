using System.Globalization;

namespace Publisher.Service.Tracker;

/// <summary>Percent-decoding and number parsing over raw query characters, without allocating.</summary>
internal static class QueryDecoding
{
    /// <summary>
    /// Decodes <paramref name="value"/> into <paramref name="destination"/>: <c>%XX</c> escapes, <c>+</c> as a space,
    /// other printable ASCII as itself. False on a bad escape, a non-ASCII or control character, or when it does not fit.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> value, Span<byte> destination, out int written)
    {
        written = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (written == destination.Length)
            {
                return false;
            }

            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length)
                {
                    return false;
                }

                var high = HexValue(value[i + 1]);
                var low = HexValue(value[i + 2]);
                if ((high | low) < 0)
                {
                    return false;
                }

                destination[written++] = (byte)((high << 4) | low);
                i += 2;
            }
            else if (c == '+')
            {
                destination[written++] = (byte)' ';
            }
            else if (c is > ' ' and < (char)0x7F)
            {
                destination[written++] = (byte)c;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A non-negative decimal number of at most 19 digits (no sign, no spaces).</summary>
    public static bool TryParseNonNegative(ReadOnlySpan<char> value, out long number)
    {
        number = 0;
        return value.Length is > 0 and <= 19
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>True when every character is an ASCII digit (so a failed parse means "too large").</summary>
    public static bool IsDigits(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
