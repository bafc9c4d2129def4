using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Feeds;

/// <summary>RSS and Atom feeds: well-formed, with enclosures and magnets, and conditional GET.</summary>
public sealed class FeedEndpointsTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Torrent = "http://xmlns.ezrss.it/0.1/";
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Rss_ChannelWithReleases_ListsNewestFirstWithTorrentEnclosures()
    {
        var ct = TestContext.Current.CancellationToken;
        var older = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("game", "1.0.0", notes: "First <release> & \u0001control"));
        var newer = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("game", "1.1.0", publishedAt: DateTimeOffset.FromUnixTimeSeconds(1_790_000_100)));
        await Testing.Releases.PublishAsync(_host, Testing.Releases.New("game", "2.0.0-beta", channel: "beta"));

        using var response = await _host.Client.GetAsync("/feeds/stable.rss", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("2.0", document.Root!.Attribute("version")?.Value);
        var items = document.Root.Element("channel")!.Elements("item").ToList();
        Assert.Equal(["game 1.1.0", "game 1.0.0"], items.Select(i => i.Element("title")!.Value));
        var enclosure = items[0].Element("enclosure")!;
        Assert.Equal("application/x-bittorrent", enclosure.Attribute("type")!.Value);
        Assert.EndsWith($"/api/releases/{newer.Id}/torrent", enclosure.Attribute("url")!.Value, StringComparison.Ordinal);
        Assert.Equal("321", enclosure.Attribute("length")!.Value);
        Assert.StartsWith("magnet:?xt=urn:btih:" + newer.InfoHashV1, items[0].Element(Torrent + "magnetURI")!.Value, StringComparison.Ordinal);
        Assert.Equal("First <release> & control", items[1].Element("description")!.Value);
        Assert.Equal(older.PublishedAt, DateTimeOffset.Parse(items[1].Element("pubDate")!.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Atom_ChannelWithReleases_IsAnAtomFeedWithEnclosureLinks()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("editor", "0.3.0", channel: "beta"));

        using var response = await _host.Client.GetAsync("/feeds/beta.atom?product=editor", ct);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(Atom + "feed", document.Root!.Name);
        Assert.NotNull(document.Root.Element(Atom + "updated"));
        Assert.NotNull(document.Root.Element(Atom + "author"));
        var entry = Assert.Single(document.Root.Elements(Atom + "entry"));
        Assert.Equal("urn:btih:" + release.InfoHashV1, entry.Element(Atom + "id")!.Value);
        var links = entry.Elements(Atom + "link").ToDictionary(l => l.Attribute("rel")!.Value);
        Assert.Equal("application/x-bittorrent", links["enclosure"].Attribute("type")!.Value);
        Assert.Equal("321", links["enclosure"].Attribute("length")!.Value);
        Assert.StartsWith("magnet:?", links["related"].Attribute("href")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task Feed_Unchanged_Returns304ForETagAndForLastModified(string format)
    {
        var ct = TestContext.Current.CancellationToken;
        var channel = "cond-" + format;
        var url = $"/feeds/{channel}.{format}";
        await Testing.Releases.PublishAsync(_host, Testing.Releases.New("tool", "1.0.0", channel: channel));
        using var first = await _host.Client.GetAsync(url, ct);
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        using (var byEtag = new HttpRequestMessage(HttpMethod.Get, url))
        {
            byEtag.Headers.IfNoneMatch.Add(etag);
            using var response = await _host.Client.SendAsync(byEtag, ct);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync(ct));
            Assert.Equal(etag, response.Headers.ETag);
        }

        using (var byDate = new HttpRequestMessage(HttpMethod.Get, url))
        {
            byDate.Headers.IfModifiedSince = lastModified;
            using var response = await _host.Client.SendAsync(byDate, ct);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        }

        // A yank changes the feed: both validators must now miss.
        var catalog = _host.Services.GetRequiredService<ICatalogRepository>();
        var id = (await catalog.ListReleasesAsync(new ReleaseQuery(Channel: channel), ct))[0].Id;
        await catalog.YankReleaseAsync(id, lastModified.AddMinutes(1), ct);
        using (var after = new HttpRequestMessage(HttpMethod.Get, url))
        {
            after.Headers.IfNoneMatch.Add(etag);
            using var response = await _host.Client.SendAsync(after, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(etag, response.Headers.ETag);
            Assert.DoesNotContain(XDocument.Parse(await response.Content.ReadAsStringAsync(ct)).Descendants(), static element => element.Name.LocalName is "item" or "entry");
        }

        using (var afterByDate = new HttpRequestMessage(HttpMethod.Get, url))
        {
            afterByDate.Headers.IfModifiedSince = lastModified;
            using var response = await _host.Client.SendAsync(afterByDate, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Feeds_EmptyChannel_AreWellFormedAndEmpty()
    {
        var ct = TestContext.Current.CancellationToken;

        var rss = XDocument.Parse(await _host.Client.GetStringAsync("/feeds/nothing-here.rss", ct));
        var atom = XDocument.Parse(await _host.Client.GetStringAsync("/feeds/nothing-here.atom", ct));

        Assert.Empty(rss.Root!.Element("channel")!.Elements("item"));
        Assert.Empty(atom.Root!.Elements(Atom + "entry"));
    }

    [Theory]
    [InlineData("/feeds/Stable.rss")]
    [InlineData("/feeds/..%2Fetc.rss")]
    [InlineData("/feeds/stable.rss?product=Bad%20Name")]
    [InlineData("/feeds/stable.xml")]
    public async Task Feed_InvalidName_Returns404(string path)
    {
        using var response = await _host.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
