using System.Net;
using System.Text;

namespace Publisher.Torrent.Metainfo;

public sealed partial class MagnetLink
{
    /// <summary>
    /// The link as text: <c>xt=urn:btih:</c> (hex) and/or <c>xt=urn:btmh:1220…</c>, then <c>dn</c>, <c>tr</c>,
    /// <c>ws</c> and <c>x.pe</c>, every value percent-encoded as UTF-8 (only unreserved characters stay).
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder("magnet:?");
        var first = true;
        if (InfoHashes.V1 is { } v1)
        {
            Append(builder, ref first, "xt", "urn:btih:" + v1.ToHex(), escape: false);
        }

        if (InfoHashes.V2 is { } v2)
        {
            Append(builder, ref first, "xt", "urn:btmh:1220" + v2.ToHex(), escape: false);
        }

        if (DisplayName is not null)
        {
            Append(builder, ref first, "dn", DisplayName, escape: true);
        }

        foreach (var tracker in Trackers)
        {
            Append(builder, ref first, "tr", tracker, escape: true);
        }

        foreach (var webSeed in WebSeeds)
        {
            Append(builder, ref first, "ws", webSeed, escape: true);
        }

        foreach (var peer in Peers)
        {
            var text = peer switch
            {
                IPEndPoint ip => ip.ToString(),
                DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
                _ => throw new InvalidOperationException("Unknown peer type."),
            };
            Append(builder, ref first, "x.pe", text, escape: true);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ref bool first, string key, string value, bool escape)
    {
        if (!first)
        {
            builder.Append('&');
        }

        first = false;
        builder.Append(key).Append('=');
        if (!escape)
        {
            builder.Append(value);
            return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
            var count = Encoding.UTF8.GetBytes(value.AsSpan(i, length), utf8);
            i += length - 1;
            for (var b = 0; b < count; b++)
            {
                builder.Append('%').Append(((int)utf8[b]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
