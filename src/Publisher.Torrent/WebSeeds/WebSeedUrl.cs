using System.Text;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// BEP 19 URL rules. Single-file torrent: the URL itself, or the URL followed by the torrent's name when it ends
/// with '/'. Multi-file torrent: the URL (a '/' is added when missing) followed by the name and each path
/// component, separated by '/'. Every appended component is percent-encoded as UTF-8, keeping only the RFC 3986
/// unreserved characters, so spaces, '#', '?', '%' and non-ASCII names survive the trip.
/// </summary>
internal static class WebSeedUrl
{
    /// <summary>True when <paramref name="url"/> is an absolute http or https URL a web seed may use.</summary>
    public static bool IsUsable(string url, out Uri? uri) =>
        Uri.TryCreate(url, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The URL of <paramref name="file"/> (never a pad file) on the web seed at <paramref name="seedUrl"/>.</summary>
    public static Uri ForFile(string seedUrl, TorrentInfo torrent, TorrentFile file)
    {
        ArgumentException.ThrowIfNullOrEmpty(seedUrl);
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentNullException.ThrowIfNull(file);
        if (file.IsPadFile)
        {
            throw new ArgumentException("Pad files are filled locally and never requested.", nameof(file));
        }

        var builder = new StringBuilder(seedUrl.Length + file.PathString.Length + 16);
        builder.Append(seedUrl);
        if (torrent.IsSingleFile)
        {
            if (seedUrl.EndsWith('/'))
            {
                AppendComponent(builder, torrent.Name);
            }
        }
        else
        {
            // file.Path starts with the torrent's name for multi-file torrents.
            for (var i = 0; i < file.Path.Count; i++)
            {
                if (i > 0 || !seedUrl.EndsWith('/'))
                {
                    builder.Append('/');
                }

                AppendComponent(builder, file.Path[i]);
            }
        }

        return new Uri(builder.ToString(), UriKind.Absolute);
    }

    /// <summary>Appends <paramref name="component"/> percent-encoded as UTF-8 (unreserved characters kept).</summary>
    public static void AppendComponent(StringBuilder builder, string component)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < component.Length && char.IsLowSurrogate(component[i + 1]))
            {
                count = new Rune(c, component[i + 1]).EncodeToUtf8(utf8);
                i++;
            }
            else
            {
                count = (Rune.IsValid(c) ? new Rune(c) : Rune.ReplacementChar).EncodeToUtf8(utf8);
            }

            for (var b = 0; b < count; b++)
            {
                builder.Append('%').Append(HexUpper(utf8[b] >> 4)).Append(HexUpper(utf8[b] & 0xF));
            }
        }
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
