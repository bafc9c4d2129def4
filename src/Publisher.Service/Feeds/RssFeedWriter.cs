using System.Globalization;
using System.Xml;
using Publisher.Service.Releases;

namespace Publisher.Service.Feeds;

/// <summary>
/// RSS 2.0: one <c>item</c> per release with the .torrent as <c>enclosure</c> (application/x-bittorrent), and the
/// magnet URI and info hash in the widely read <c>torrent</c> namespace (xmlns.ezrss.it/0.1).
/// </summary>
internal static class RssFeedWriter
{
    public const string MediaType = "application/rss+xml";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string TorrentNamespace = "http://xmlns.ezrss.it/0.1/";

    public static void Write(XmlWriter writer, FeedContext feed)
    {
        writer.WriteStartDocument();
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
        writer.WriteAttributeString("xmlns", "torrent", null, TorrentNamespace);
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", feed.Title);
        writer.WriteElementString("link", feed.BaseUrl.AbsoluteUri);
        writer.WriteElementString("description", $"Releases published on the {feed.Channel} channel.");
        writer.WriteStartElement("atom", "link", AtomNamespace);
        writer.WriteAttributeString("href", feed.SelfUrl.AbsoluteUri);
        writer.WriteAttributeString("rel", "self");
        writer.WriteAttributeString("type", MediaType);
        writer.WriteEndElement();
        if (feed.Updated is { } updated)
        {
            writer.WriteElementString("lastBuildDate", Rfc822(updated));
        }

        writer.WriteElementString("generator", "Publisher");
        foreach (var release in feed.Releases)
        {
            var hash = ServiceUrls.TrackerInfoHash(release);
            writer.WriteStartElement("item");
            writer.WriteElementString("title", $"{release.Product} {release.Version}");
            writer.WriteElementString("link", ServiceUrls.Release(feed.BaseUrl, release.Id).AbsoluteUri);
            writer.WriteElementString("description", XmlText.Clean(release.Notes));
            writer.WriteStartElement("guid");
            writer.WriteAttributeString("isPermaLink", "false");
            writer.WriteString("urn:btih:" + hash);
            writer.WriteEndElement();
            writer.WriteElementString("pubDate", Rfc822(release.PublishedAt));
            writer.WriteStartElement("enclosure");
            writer.WriteAttributeString("url", ServiceUrls.Torrent(feed.BaseUrl, release.Id).AbsoluteUri);
            writer.WriteAttributeString("length", release.TorrentSize.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("type", ReleaseEndpoints.TorrentMediaType);
            writer.WriteEndElement();
            writer.WriteElementString("torrent", "magnetURI", TorrentNamespace, MagnetLink.For(release, feed.BaseUrl));
            writer.WriteElementString("torrent", "infoHash", TorrentNamespace, hash);
            writer.WriteElementString("torrent", "contentLength", TorrentNamespace, release.TotalSize.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static string Rfc822(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
