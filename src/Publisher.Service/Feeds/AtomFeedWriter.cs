using System.Globalization;
using System.Xml;
using Publisher.Service.Releases;

namespace Publisher.Service.Feeds;

/// <summary>
/// Atom 1.0 (RFC 4287): one <c>entry</c> per release, the .torrent as a <c>rel="enclosure"</c> link
/// (application/x-bittorrent, with its length) and the magnet URI as a <c>rel="related"</c> link.
/// </summary>
internal static class AtomFeedWriter
{
    public const string MediaType = "application/atom+xml";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static void Write(XmlWriter writer, FeedContext feed)
    {
        writer.WriteStartDocument();
        writer.WriteStartElement("feed", AtomNamespace);
        writer.WriteElementString("id", AtomNamespace, feed.SelfUrl.AbsoluteUri);
        writer.WriteElementString("title", AtomNamespace, feed.Title);
        writer.WriteElementString("updated", AtomNamespace, Rfc3339(feed.Updated ?? DateTimeOffset.UnixEpoch));
        WriteLink(writer, "self", MediaType, feed.SelfUrl.AbsoluteUri, null);
        WriteLink(writer, "alternate", null, feed.BaseUrl.AbsoluteUri, null);
        writer.WriteStartElement("author", AtomNamespace);
        writer.WriteElementString("name", AtomNamespace, "Publisher");
        writer.WriteEndElement();
        writer.WriteElementString("generator", AtomNamespace, "Publisher");
        foreach (var release in feed.Releases)
        {
            writer.WriteStartElement("entry", AtomNamespace);
            writer.WriteElementString("id", AtomNamespace, "urn:btih:" + ServiceUrls.TrackerInfoHash(release));
            writer.WriteElementString("title", AtomNamespace, $"{release.Product} {release.Version}");
            writer.WriteElementString("updated", AtomNamespace, Rfc3339(release.PublishedAt));
            writer.WriteElementString("published", AtomNamespace, Rfc3339(release.PublishedAt));
            WriteLink(writer, "alternate", "application/json", ServiceUrls.Release(feed.BaseUrl, release.Id).AbsoluteUri, null);
            WriteLink(writer, "enclosure", ReleaseEndpoints.TorrentMediaType, ServiceUrls.Torrent(feed.BaseUrl, release.Id).AbsoluteUri, release.TorrentSize);
            WriteLink(writer, "related", null, MagnetLink.For(release, feed.BaseUrl), null);
            writer.WriteStartElement("summary", AtomNamespace);
            writer.WriteAttributeString("type", "text");
            writer.WriteString(XmlText.Clean(release.Notes));
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteLink(XmlWriter writer, string rel, string? type, string href, long? length)
    {
        writer.WriteStartElement("link", AtomNamespace);
        writer.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            writer.WriteAttributeString("type", type);
        }

        writer.WriteAttributeString("href", href);
        if (length is { } bytes)
        {
            writer.WriteAttributeString("length", bytes.ToString(CultureInfo.InvariantCulture));
        }

        writer.WriteEndElement();
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
