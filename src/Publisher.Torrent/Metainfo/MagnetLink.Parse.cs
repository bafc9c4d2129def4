using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace Publisher.Torrent.Metainfo;

public sealed partial class MagnetLink
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a <c>magnet:?</c> link.</summary>
    /// <exception cref="InvalidTorrentException">Not a magnet link, no usable info hash, or malformed parameters.</exception>
    public static MagnetLink Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > ProtocolLimits.MaxMagnetLinkLength)
        {
            throw new InvalidTorrentException($"The magnet link is {text.Length} characters long; at most {ProtocolLimits.MaxMagnetLinkLength} are accepted.");
        }

        const string Prefix = "magnet:?";
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidTorrentException("This is not a magnet link: it must start with 'magnet:?'.");
        }

        InfoHash? v1 = null;
        InfoHash? v2 = null;
        string? name = null;
        var trackers = new List<string>();
        var webSeeds = new List<string>();
        var peers = new List<EndPoint>();
        foreach (var range in text.AsSpan(Prefix.Length).Split('&'))
        {
            var parameter = text.AsSpan(Prefix.Length)[range];
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf('=');
            if (equals <= 0)
            {
                throw new InvalidTorrentException($"The magnet link has a parameter without a value: '{parameter}'.");
            }

            var key = BaseKey(parameter[..equals]);
            var value = Unescape(parameter[(equals + 1)..]);
            switch (key)
            {
                case "xt":
                    ReadExactTopic(value, ref v1, ref v2);
                    break;
                case "dn":
                    name = value;
                    break;
                case "tr":
                    AddBounded(trackers, value, "trackers");
                    break;
                case "ws":
                    AddBounded(webSeeds, value, "web seeds");
                    break;
                case "x.pe":
                    if (peers.Count >= ProtocolLimits.MaxTorrentUrlCount)
                    {
                        throw new InvalidTorrentException($"The magnet link lists more than {ProtocolLimits.MaxTorrentUrlCount} peers.");
                    }

                    peers.Add(ParsePeer(value));
                    break;
                default:
                    break;
            }
        }

        if (v1 is null && v2 is null)
        {
            throw new InvalidTorrentException("The magnet link has no BitTorrent info hash (xt=urn:btih:... or xt=urn:btmh:...).");
        }

        return new MagnetLink(new InfoHashes(v1, v2), name, trackers, webSeeds, peers);
    }

    /// <summary>Parses a magnet link; false (and null) when it is malformed.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MagnetLink? link)
    {
        link = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            link = Parse(text);
            return true;
        }
        catch (InvalidTorrentException)
        {
            return false;
        }
    }

    /// <summary>The parameter name without a numeric suffix (<c>xt.1</c> is <c>xt</c>), lower-cased.</summary>
    private static string BaseKey(ReadOnlySpan<char> key)
    {
        var dot = key.LastIndexOf('.');
        if (dot > 0 && dot < key.Length - 1)
        {
            var suffix = key[(dot + 1)..];
            var numeric = true;
            foreach (var c in suffix)
            {
                numeric &= char.IsAsciiDigit(c);
            }

            if (numeric)
            {
                key = key[..dot];
            }
        }

        return key.ToString().ToLowerInvariant();
    }

    private static void AddBounded(List<string> list, string value, string what)
    {
        if (list.Count >= ProtocolLimits.MaxTorrentUrlCount)
        {
            throw new InvalidTorrentException($"The magnet link lists more than {ProtocolLimits.MaxTorrentUrlCount} {what}.");
        }

        if (!string.IsNullOrWhiteSpace(value))
        {
            list.Add(value);
        }
    }

    private static void ReadExactTopic(string value, ref InfoHash? v1, ref InfoHash? v2)
    {
        if (value.StartsWith("urn:btih:", StringComparison.OrdinalIgnoreCase))
        {
            var hash = value.AsSpan(9);
            InfoHash parsed;
            Span<byte> bytes = stackalloc byte[InfoHash.V1Length];
            if (hash.Length == 40 && InfoHash.TryParse(hash, out var hex))
            {
                parsed = hex;
            }
            else if (hash.Length == 32 && Base32.TryDecode(hash, bytes, out var written) && written == bytes.Length)
            {
                parsed = new InfoHash(bytes);
            }
            else
            {
                throw new InvalidTorrentException($"The magnet link's 'urn:btih:' hash '{hash}' is not 40 hexadecimal or 32 base32 characters.");
            }

            if (v1 is { } existing && existing != parsed)
            {
                throw new InvalidTorrentException("The magnet link names two different v1 info hashes.");
            }

            v1 = parsed;
        }
        else if (value.StartsWith("urn:btmh:", StringComparison.OrdinalIgnoreCase))
        {
            var multihash = value.AsSpan(9);
            if (multihash.Length != 68 || !multihash.StartsWith("1220", StringComparison.Ordinal) || !InfoHash.TryParse(multihash[4..], out var parsed))
            {
                throw new InvalidTorrentException($"The magnet link's 'urn:btmh:' hash '{multihash}' is not a SHA-256 multihash ('1220' and 64 hexadecimal characters).");
            }

            if (v2 is { } existing && existing != parsed)
            {
                throw new InvalidTorrentException("The magnet link names two different v2 info hashes.");
            }

            v2 = parsed;
        }
    }

    private static EndPoint ParsePeer(string value)
    {
        string host;
        ReadOnlySpan<char> portText;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
            {
                throw new InvalidTorrentException($"The magnet link's peer '{value}' is not '[IPv6]:port'.");
            }

            host = value[1..close];
            portText = value.AsSpan(close + 2);
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                throw new InvalidTorrentException($"The magnet link's peer '{value}' has an invalid IPv6 address.");
            }
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon <= 0 || value.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new InvalidTorrentException($"The magnet link's peer '{value}' is not 'host:port' (IPv6 addresses go in brackets).");
            }

            host = value[..colon];
            portText = value.AsSpan(colon + 1);
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidTorrentException($"The magnet link's peer '{value}' has no valid port (1-65535).");
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            throw new InvalidTorrentException($"The magnet link's peer '{value}' has an invalid host name.");
        }

        return new DnsEndPoint(host, port);
    }

    /// <summary>Percent-decodes (UTF-8) and turns '+' into a space, as browsers encode query strings.</summary>
    private static string Unescape(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny('%', '+') < 0)
        {
            return value.ToString();
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    throw new InvalidTorrentException($"The magnet link has a malformed percent-escape in '{value}'.");
                }

                bytes[count++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else if (c == '+')
            {
                bytes[count++] = (byte)' ';
            }
            else
            {
                count += Encoding.UTF8.GetBytes(value.Slice(i, char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1), bytes.AsSpan(count));
                if (char.IsHighSurrogate(c) && i + 1 < value.Length)
                {
                    i++;
                }
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, count);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidTorrentException($"The magnet link's parameter '{value}' does not decode to valid UTF-8.");
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
