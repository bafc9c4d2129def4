using System.Globalization;

namespace Publisher.Service.Releases;

/// <summary>
/// A Semantic Versioning 2.0.0 version (https://semver.org): <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c>, parsed
/// strictly (no leading zeros, no 'v' prefix) and ordered by SemVer precedence (build metadata ignored).
/// </summary>
internal sealed class SemanticVersion : IComparable<SemanticVersion>
{
    /// <summary>The longest version string accepted.</summary>
    public const int MaxLength = 128;

    private readonly string[] _preRelease;

    private SemanticVersion(string text, ulong major, ulong minor, ulong patch, string[] preRelease)
    {
        Text = text;
        Major = major;
        Minor = minor;
        Patch = patch;
        _preRelease = preRelease;
    }

    public string Text { get; }

    public ulong Major { get; }

    public ulong Minor { get; }

    public ulong Patch { get; }

    public bool IsPreRelease => _preRelease.Length != 0;

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = null!;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var rest = text.AsSpan();
        var plus = rest.IndexOf('+');
        if (plus >= 0)
        {
            if (!ValidIdentifiers(rest[(plus + 1)..], numericLeadingZerosAllowed: true))
            {
                return false;
            }

            rest = rest[..plus];
        }

        string[] preRelease = [];
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            var pre = rest[(dash + 1)..];
            if (!ValidIdentifiers(pre, numericLeadingZerosAllowed: false))
            {
                return false;
            }

            preRelease = pre.ToString().Split('.');
            rest = rest[..dash];
        }

        Span<Range> parts = stackalloc Range[4];
        if (rest.Split(parts, '.') != 3
            || !TryParseNumber(rest[parts[0]], out var major)
            || !TryParseNumber(rest[parts[1]], out var minor)
            || !TryParseNumber(rest[parts[2]], out var patch))
        {
            return false;
        }

        version = new SemanticVersion(text, major, minor, patch, preRelease);
        return true;
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var result = Major.CompareTo(other.Major);
        if (result == 0)
        {
            result = Minor.CompareTo(other.Minor);
        }

        if (result == 0)
        {
            result = Patch.CompareTo(other.Patch);
        }

        return result != 0 ? result : ComparePreRelease(_preRelease, other._preRelease);
    }

    public override string ToString() => Text;

    private static int ComparePreRelease(string[] left, string[] right)
    {
        // A version without pre-release identifiers has higher precedence than one with them.
        if (left.Length == 0 || right.Length == 0)
        {
            return Math.Sign(right.Length.CompareTo(left.Length));
        }

        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = ulong.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var leftNumber);
            var rightNumeric = ulong.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var rightNumber);
            var result = (leftNumeric, rightNumeric) switch
            {
                (true, true) => leftNumber.CompareTo(rightNumber),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (result != 0)
            {
                return Math.Sign(result);
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        return text.Length != 0
            && (text.Length == 1 || text[0] != '0')
            && AllDigits(text)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool ValidIdentifiers(ReadOnlySpan<char> text, bool numericLeadingZerosAllowed)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var range in text.Split('.'))
        {
            var identifier = text[range];
            if (identifier.IsEmpty)
            {
                return false;
            }

            foreach (var c in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            if (!numericLeadingZerosAllowed && identifier.Length > 1 && identifier[0] == '0' && AllDigits(identifier))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
