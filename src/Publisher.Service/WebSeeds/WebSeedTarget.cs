using System.Text;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// A parsed <c>seed/{release}/{path}</c> request target. <c>{release}</c> is the 40-hex tracker info hash, optionally
/// followed by <c>.{token}</c> (a download token for entitled releases, so it survives clients appending the
/// file path to a url-list entry); <c>{path}</c> is the torrent's name and file path, each component percent-encoded
/// UTF-8 (BEP 19). Parsed from the raw request target, never from the decoded path, so <c>%2F</c> inside a component,
/// dot segments and backslashes are seen and refused instead of being normalised away.
/// </summary>
/// <param name="InfoHash">The 20-byte tracker info hash.</param>
/// <param name="InfoHashHex">The same in lowercase hex.</param>
/// <param name="Token">The token given in the release segment, or null.</param>
/// <param name="Path">The decoded '/'-separated path relative to the download folder.</param>
internal sealed record WebSeedTarget(byte[] InfoHash, string InfoHashHex, string? Token, string Path)
{
    private const string SeedSegment = "seed";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the target from <paramref name="rawTarget"/> (origin-form or absolute-form, query included) after
    /// skipping <paramref name="pathBaseSegments"/> leading segments (the application's path base).
    /// </summary>
    public static WebSeedTargetStatus TryParse(string rawTarget, int pathBaseSegments, out WebSeedTarget? target)
    {
        target = null;
        var raw = rawTarget.AsSpan();
        var query = raw.IndexOf('?');
        if (query >= 0)
        {
            raw = raw[..query];
        }

        if (!raw.StartsWith('/'))
        {
            // Absolute-form (a proxy request): scheme://authority/path.
            var scheme = raw.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0)
            {
                return WebSeedTargetStatus.Malformed;
            }

            var slash = raw[(scheme + 3)..].IndexOf('/');
            if (slash < 0)
            {
                return WebSeedTargetStatus.Malformed;
            }

            raw = raw[(scheme + 3 + slash)..];
        }

        raw = raw[1..];
        for (var i = 0; i < pathBaseSegments; i++)
        {
            var next = raw.IndexOf('/');
            if (next < 0)
            {
                return WebSeedTargetStatus.Malformed;
            }

            raw = raw[(next + 1)..];
        }

        if (!raw.StartsWith(SeedSegment + "/", StringComparison.Ordinal))
        {
            return WebSeedTargetStatus.Malformed;
        }

        raw = raw[(SeedSegment.Length + 1)..];
        var releaseEnd = raw.IndexOf('/');
        if (releaseEnd < 0)
        {
            return WebSeedTargetStatus.Malformed;
        }

        if (!TryParseRelease(raw[..releaseEnd], out var hash, out var token))
        {
            return WebSeedTargetStatus.Malformed;
        }

        var path = raw[(releaseEnd + 1)..];
        if (path.Length > WebSeedLimits.MaxRawPathChars || !TryDecodePath(path, out var decoded))
        {
            return WebSeedTargetStatus.Malformed;
        }

        target = new WebSeedTarget(hash, Convert.ToHexStringLower(hash), token, decoded);
        return WebSeedTargetStatus.Valid;
    }

    private static bool TryParseRelease(ReadOnlySpan<char> segment, out byte[] hash, out string? token)
    {
        hash = [];
        token = null;
        if (segment.Length < 40)
        {
            return false;
        }

        if (segment.Length > 40)
        {
            var tokenPart = segment[41..];
            if (segment[40] != '.' || tokenPart.IsEmpty || tokenPart.Length > WebSeedLimits.MaxTokenChars)
            {
                return false;
            }

            foreach (var c in tokenPart)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                {
                    return false;
                }
            }

            token = tokenPart.ToString();
        }

        foreach (var c in segment[..40])
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        hash = Convert.FromHexString(segment[..40]);
        return true;
    }

    private static bool TryDecodePath(ReadOnlySpan<char> raw, out string decoded)
    {
        decoded = string.Empty;
        if (raw.IsEmpty)
        {
            return false;
        }

        // Percent-decoding never makes a component longer: raw.Length bytes are enough for the whole path.
        var bytes = new byte[raw.Length];
        var builder = new StringBuilder(raw.Length);
        var components = 0;
        while (true)
        {
            var end = raw.IndexOf('/');
            var component = end < 0 ? raw : raw[..end];
            if (++components > WebSeedLimits.MaxPathComponents || !TryDecodeComponent(component, bytes, out var text))
            {
                return false;
            }

            if (builder.Length != 0)
            {
                builder.Append('/');
            }

            builder.Append(text);
            if (end < 0)
            {
                break;
            }

            raw = raw[(end + 1)..];
        }

        decoded = builder.ToString();
        return true;
    }

    private static bool TryDecodeComponent(ReadOnlySpan<char> component, byte[] buffer, out string text)
    {
        text = string.Empty;
        var length = 0;
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            int value;
            if (c == '%')
            {
                if (i + 2 >= component.Length || !char.IsAsciiHexDigit(component[i + 1]) || !char.IsAsciiHexDigit(component[i + 2]))
                {
                    return false;
                }

                value = (HexValue(component[i + 1]) << 4) | HexValue(component[i + 2]);
                i += 2;
            }
            else if (c > 0x7E)
            {
                // Raw non-ASCII in a request target is not valid HTTP; clients percent-encode it.
                return false;
            }
            else
            {
                value = c;
            }

            // No separators smuggled inside a component, no NUL or other control characters.
            if (value is '/' or '\\' or < 0x20 or 0x7F)
            {
                return false;
            }

            buffer[length++] = (byte)value;
        }

        if (length == 0 || (length == 1 && buffer[0] == '.') || (length == 2 && buffer[0] == '.' && buffer[1] == '.'))
        {
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
