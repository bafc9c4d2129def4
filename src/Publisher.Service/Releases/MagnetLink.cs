using System.Globalization;
using System.Text;
using Publisher.Service.Catalog;

namespace Publisher.Service.Releases;

/// <summary>
/// Magnet URIs for releases (BEP 9; BEP 52's <c>urn:btmh:1220</c> multihash for v2): both info hashes of a hybrid
/// torrent, the display name, the exact length, the service's tracker and the release's web seed.
/// </summary>
internal static class MagnetLink
{
    public static string For(ReleaseRecord release, Uri baseUrl)
    {
        var builder = new StringBuilder("magnet:?");
        var first = true;
        if (release.InfoHashV1 is { } v1)
        {
            Append(builder, ref first, "xt", "urn:btih:" + v1, escape: false);
        }

        if (release.InfoHashV2 is { } v2)
        {
            Append(builder, ref first, "xt", "urn:btmh:1220" + v2, escape: false);
        }

        Append(builder, ref first, "dn", release.Name, escape: true);
        Append(builder, ref first, "xl", release.TotalSize.ToString(CultureInfo.InvariantCulture), escape: false);
        Append(builder, ref first, "tr", ServiceUrls.Announce(baseUrl).AbsoluteUri, escape: true);
        Append(builder, ref first, "ws", ServiceUrls.WebSeed(baseUrl, ServiceUrls.TrackerInfoHash(release)).AbsoluteUri, escape: true);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ref bool first, string key, string value, bool escape)
    {
        if (!first)
        {
            builder.Append('&');
        }

        first = false;
        builder.Append(key).Append('=').Append(escape ? Uri.EscapeDataString(value) : value);
    }
}
