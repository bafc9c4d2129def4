using Publisher.Service.Catalog;

namespace Publisher.Service.Releases;

/// <summary>
/// The URLs the service writes into torrents, magnets and feeds, all under the public base URL:
/// the tracker (<c>announce</c>), the web seed of a release (<c>seed/&lt;info hash&gt;/</c>, a BEP 19 url-list
/// entry to which clients append the torrent's name and file path), and the API's own links.
/// </summary>
internal static class ServiceUrls
{
    public static Uri Announce(Uri baseUrl) => new(baseUrl, "announce");

    /// <summary>
    /// The web-seed root of a release, keyed by the 20-byte info hash trackers see (v1, else truncated v2) in
    /// lowercase hex: known before the release has an id, unique, and looked up in O(1).
    /// </summary>
    public static Uri WebSeed(Uri baseUrl, string trackerInfoHashHex) => new(baseUrl, $"seed/{trackerInfoHashHex}/");

    /// <summary>The 20-byte info hash a tracker sees for <paramref name="release"/>, in hex.</summary>
    public static string TrackerInfoHash(ReleaseRecord release) => release.InfoHashV1 ?? release.InfoHashV2![..40];

    public static Uri Release(Uri baseUrl, long id) => new(baseUrl, $"api/releases/{id}");

    public static Uri Torrent(Uri baseUrl, long id) => new(baseUrl, $"api/releases/{id}/torrent");

    public static Uri Magnet(Uri baseUrl, long id) => new(baseUrl, $"api/releases/{id}/magnet");

    public static Uri Manifest(Uri baseUrl, long id) => new(baseUrl, $"api/releases/{id}/manifest");
}
