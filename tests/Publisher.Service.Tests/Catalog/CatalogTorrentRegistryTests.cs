using System.Net.Http.Headers;
using System.Text;
using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;
using Publisher.Service.Tracker;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Tests.Catalog;

public sealed class CatalogTorrentRegistryTests
{
    [Fact]
    public async Task FindAsync_IndexedReleases_AnswerPublishedWithTheirAccess()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = new ReleaseIndex();
        var open = Record(1, ReleaseAccess.Public);
        var entitled = Record(2, ReleaseAccess.Entitled);
        index.Add(open);
        index.Add(entitled);
        var registry = new CatalogTorrentRegistry(index);

        var openRegistration = await registry.FindAsync(Hash(open.InfoHashV1!), ct);
        var entitledRegistration = await registry.FindAsync(Hash(entitled.InfoHashV2![..40]), ct);
        var unknown = await registry.FindAsync(Hash(new string('0', 40)), ct);

        Assert.Equal(TorrentRegistration.Published, openRegistration);
        Assert.Equal(new TorrentRegistration(true, TrackerAccessMode.Entitled), entitledRegistration);
        Assert.Equal(TorrentRegistration.Unknown, unknown);
    }

    [Fact]
    public async Task Announce_PublishedThroughTheApi_IsTrackedAndUnknownHashesAreRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        var torrent = TestTorrents.SingleFile("tracked.bin", 50_000, seed: 11);
        var infoHash = TorrentInfo.Parse(torrent).InfoHashes.V1!.Value.ToArray();
        using (var request = ServiceHost.Request(HttpMethod.Post, "/api/releases", ServiceHost.AdminKey))
        {
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(torrent);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
            content.Add(file, "torrent", "tracked.torrent");
            content.Add(new StringContent("tracked"), "product");
            content.Add(new StringContent("1.0.0"), "version");
            request.Content = content;
            using var published = await host.Client.SendAsync(request, ct);
            Assert.Equal(System.Net.HttpStatusCode.Created, published.StatusCode);
        }

        var known = await AnnounceAsync(host, infoHash, ct);
        var unknown = await AnnounceAsync(host, new byte[20], ct);

        Assert.Contains("8:interval", known, StringComparison.Ordinal);
        Assert.DoesNotContain("failure reason", known, StringComparison.Ordinal);
        Assert.Contains("failure reason", unknown, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Errors());
    }

    private static async Task<string> AnnounceAsync(ServiceHost host, byte[] infoHash, CancellationToken ct)
    {
        var encoded = new StringBuilder();
        foreach (var b in infoHash)
        {
            encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        var url = $"/announce?info_hash={encoded}&peer_id=-PB0001-abcdefghijkl&port=6881&uploaded=0&downloaded=0&left=50000&compact=1&event=started";
        return Encoding.Latin1.GetString(await host.Client.GetByteArrayAsync(url, ct));
    }

    private static TrackerInfoHash Hash(string hex)
    {
        Assert.True(TrackerInfoHash.TryParseHex(hex, out var hash));
        return hash;
    }

    private static ReleaseRecord Record(long id, ReleaseAccess access)
    {
        var release = Testing.Releases.New("registry", $"{id}.0.0");
        return new ReleaseRecord(id, release.Product, release.Channel, release.Version, release.Notes, release.Name, release.InfoHashV1, release.InfoHashV2,
            release.TotalSize, release.PieceLength, release.Files.Count, release.Torrent.Length, access, release.PublishedAt, null);
    }
}
