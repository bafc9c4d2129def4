namespace Publisher.Torrent.Trackers;

/// <summary>
/// Turns the tracker strings of a torrent (<c>announce-list</c> tiers, BEP 12) or a magnet link (<c>tr</c>) into the
/// tiers a <see cref="TrackerSession"/> takes: only absolute http, https and udp URLs, each once, empty tiers dropped.
/// </summary>
public static class TrackerTiers
{
    /// <summary>The tiers of a torrent's tracker list (e.g. <c>TorrentInfo.Trackers</c>), in order.</summary>
    /// <param name="tiers">Tiers of tracker URL strings, as read from the torrent.</param>
    public static IReadOnlyList<IReadOnlyList<Uri>> FromTorrent(IReadOnlyList<IReadOnlyList<string>> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<Uri>>(tiers.Count);
        foreach (var tier in tiers)
        {
            var urls = new List<Uri>();
            foreach (var text in tier)
            {
                if (TryParse(text, out var url) && seen.Add(url.AbsoluteUri))
                {
                    urls.Add(url);
                }
            }

            if (urls.Count > 0)
            {
                result.Add(urls);
            }
        }

        return result;
    }

    /// <summary>The tiers of a magnet link's trackers: one tier per tracker, so the link's order is kept.</summary>
    /// <param name="trackers">The <c>tr</c> values of the magnet link.</param>
    public static IReadOnlyList<IReadOnlyList<Uri>> FromMagnet(IReadOnlyList<string> trackers)
    {
        ArgumentNullException.ThrowIfNull(trackers);
        var tiers = new List<IReadOnlyList<string>>(trackers.Count);
        foreach (var tracker in trackers)
        {
            tiers.Add([tracker]);
        }

        return FromTorrent(tiers);
    }

    private static bool TryParse(string? text, out Uri url)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed))
        {
            return false;
        }

        if (parsed.Scheme is not ("http" or "https" or "udp") || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        url = parsed;
        return true;
    }
}
