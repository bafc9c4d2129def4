using System.Globalization;
using System.Text;

namespace Publisher.Torrent.Trackers;

/// <summary>Builds HTTP tracker announce and scrape URLs (BEP 3, BEP 23, BEP 48).</summary>
internal static class HttpTrackerUrl
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// The announce URL: the tracker URL (its own query, e.g. a download token, kept) with the announce parameters
    /// appended. Binary fields are percent-encoded byte by byte.
    /// </summary>
    public static Uri BuildAnnounce(Uri tracker, AnnounceRequest request)
    {
        var builder = new StringBuilder(256);
        AppendBinary(builder, "info_hash", request.InfoHash.Span);
        AppendBinary(builder, "peer_id", request.PeerId.Span);
        Append(builder, "port", request.Port);
        Append(builder, "uploaded", request.Uploaded);
        Append(builder, "downloaded", request.Downloaded);
        Append(builder, "left", request.Left);
        builder.Append("&compact=1&no_peer_id=1");
        if (request.Event != TrackerEvent.None)
        {
            builder.Append("&event=").Append(request.Event switch
            {
                TrackerEvent.Started => "started",
                TrackerEvent.Completed => "completed",
                _ => "stopped",
            });
        }

        if (request.NumWant >= 0)
        {
            Append(builder, "numwant", request.NumWant);
        }

        builder.Append("&key=").Append(request.Key.ToString("X8", CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(request.TrackerId))
        {
            AppendBinary(builder, "trackerid", Encoding.UTF8.GetBytes(request.TrackerId));
        }

        return Join(tracker, builder);
    }

    /// <summary>
    /// BEP 48: the scrape URL is the announce URL with the text <c>announce</c> right after its path's last '/'
    /// replaced by <c>scrape</c>. False when the path has no such segment (the tracker is not scrapable).
    /// </summary>
    public static bool TryGetScrapeUrl(Uri tracker, out Uri scrape)
    {
        var path = tracker.AbsolutePath;
        var slash = path.LastIndexOf('/');
        if (slash < 0 || !path.AsSpan(slash + 1).StartsWith("announce", StringComparison.Ordinal))
        {
            scrape = tracker;
            return false;
        }

        var newPath = string.Concat(path.AsSpan(0, slash + 1), "scrape", path.AsSpan(slash + 1 + "announce".Length));
        // AbsolutePath and Query are already escaped: join them as they are (UriBuilder would escape '%' again).
        scrape = new Uri(tracker.GetLeftPart(UriPartial.Authority) + newPath + tracker.Query);
        return true;
    }

    /// <summary>The scrape URL with one <c>info_hash</c> parameter per info hash.</summary>
    public static Uri BuildScrape(Uri scrape, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes)
    {
        var builder = new StringBuilder(infoHashes.Count * 72);
        for (var i = 0; i < infoHashes.Count; i++)
        {
            AppendBinary(builder, "info_hash", infoHashes[i].Span);
        }

        return Join(scrape, builder);
    }

    /// <summary>Percent-encodes bytes: RFC 3986 unreserved characters as they are, everything else as %XX.</summary>
    public static void PercentEncode(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }
    }

    /// <summary>Parameters are appended as <c>&amp;name=value</c>; this joins them to the tracker URL (fragment dropped).</summary>
    private static Uri Join(Uri tracker, StringBuilder parameters)
    {
        var baseUrl = tracker.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        if (parameters.Length == 0)
        {
            return new Uri(baseUrl);
        }

        if (!baseUrl.Contains('?', StringComparison.Ordinal))
        {
            parameters[0] = '?';
            return new Uri(baseUrl + parameters);
        }

        return new Uri(baseUrl[^1] is '?' or '&' ? baseUrl + parameters.ToString(1, parameters.Length - 1) : baseUrl + parameters);
    }

    private static void AppendName(StringBuilder builder, string name) => builder.Append('&').Append(name).Append('=');

    private static void Append(StringBuilder builder, string name, long value)
    {
        AppendName(builder, name);
        builder.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendBinary(StringBuilder builder, string name, ReadOnlySpan<byte> value)
    {
        AppendName(builder, name);
        PercentEncode(builder, value);
    }
}
