using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Publisher.Service.Tests.Testing;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Tests.Releases;

/// <summary><c>POST /api/releases</c>: registering CI-made torrents, and every way to get it wrong.</summary>
public sealed class ReleasePublishTests : IAsyncLifetime
{
    private const int MaxTorrentBytes = 4096;
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken,
        new Dictionary<string, string?> { ["Publisher:Releases:MaxTorrentBytes"] = MaxTorrentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async ValueTask DisposeAsync()
    {
        // Bad input is answered, never logged as an unhandled exception.
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Publish_ValidTorrent_Returns201AndServesItWithOurTrackerAndWebSeed()
    {
        var ct = TestContext.Current.CancellationToken;
        var original = TorrentInfo.Parse(TestTorrents.SingleFile("app.bin", 40_000, seed: 1));

        using var response = await PublishAsync(ServiceHost.AdminKey, TestTorrents.SingleFile("app.bin", 40_000, seed: 1), "app", "1.0.0", channel: "beta", notes: "First.", ct: ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = created.GetProperty("id").GetInt64();
        Assert.EndsWith($"/api/releases/{id}", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(original.InfoHashes.V1!.Value.ToHex(), created.GetProperty("infoHashV1").GetString());
        Assert.Equal(40_000, created.GetProperty("totalSize").GetInt64());
        Assert.Equal("beta", created.GetProperty("channel").GetString());

        var served = TorrentInfo.Parse(await _host.Client.GetByteArrayAsync($"/api/releases/{id}/torrent", ct));
        Assert.Equal(original.InfoHashes, served.InfoHashes);
        var baseUrl = _host.Client.BaseAddress!.AbsoluteUri;
        Assert.Equal(baseUrl + "announce", served.Trackers[0][0]);
        Assert.Equal($"{baseUrl}seed/{original.InfoHashes.V1!.Value.ToHex()}/", served.WebSeeds[0]);
        Assert.Equal("tests", served.CreatedBy);

        var feed = await _host.Client.GetStringAsync("/feeds/beta.rss", ct);
        Assert.Contains("app 1.0.0", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MultiFileTorrent_ListsItsFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var torrent = TestTorrents.MultiFile("suite", 2, (["bin", "run"], 20_000), (["docs", "readme.txt"], 300));

        using var response = await PublishAsync(ServiceHost.AdminKey, torrent, "suite", "4.2.0", ct: ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        var release = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/releases/{id}", ct);
        Assert.Equal(["suite/bin/run", "suite/docs/readme.txt"], release.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Publish_SameVersionOrSameTorrentAgain_Returns409()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var first = await PublishAsync(ServiceHost.AdminKey, TestTorrents.SingleFile("a.bin", 1000, seed: 3), "dup", "1.0.0", ct: ct))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var sameVersion = await PublishAsync(ServiceHost.AdminKey, TestTorrents.SingleFile("a.bin", 1000, seed: 4), "dup", "1.0.0", ct: ct);
        using var sameTorrent = await PublishAsync(ServiceHost.AdminKey, TestTorrents.SingleFile("a.bin", 1000, seed: 3), "dup", "1.0.1", ct: ct);

        Assert.Equal(HttpStatusCode.Conflict, sameVersion.StatusCode);
        Assert.Equal("application/problem+json", sameVersion.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, sameTorrent.StatusCode);
        Assert.Single((await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases?product=dup", ct)).EnumerateArray());
    }

    [Theory]
    [InlineData("app", "1.0", "version")]
    [InlineData("app", "v1.0.0", "version")]
    [InlineData("app", "", "version")]
    [InlineData("App", "1.0.0", "product")]
    [InlineData("../app", "1.0.0", "product")]
    public async Task Publish_BadNameOrVersion_Returns400NamingTheField(string product, string version, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await PublishAsync(ServiceHost.AdminKey, TestTorrents.SingleFile("a.bin", 100, seed: 5), product, version, ct: ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("..", "evil")]
    [InlineData("docs", "..")]
    [InlineData("/etc", "passwd")]
    public async Task Publish_TraversalFileName_Returns400AndPublishesNothing(string first, string second)
    {
        var ct = TestContext.Current.CancellationToken;
        var torrent = TestTorrents.MultiFile("bad", 6, ([first, second], 100), (["ok.txt"], 100));

        using var response = await PublishAsync(ServiceHost.AdminKey, torrent, "traversal", "1.0.0", ct: ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("torrent", out _), problem.GetRawText());
        Assert.Empty((await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases?product=traversal&includeYanked=true", ct)).EnumerateArray());
    }

    [Fact]
    public async Task Publish_NotATorrent_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var garbage = await PublishAsync(ServiceHost.AdminKey, "d4:infoi1eee"u8.ToArray(), "garbage", "1.0.0", ct: ct);
        using var missing = await PublishAsync(ServiceHost.AdminKey, null, "garbage", "1.0.0", ct: ct);

        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Publish_WithoutPublishScope_Returns401Or403()
    {
        var ct = TestContext.Current.CancellationToken;
        var statsKey = await CreateKeyAsync("stats", ct);
        var torrent = TestTorrents.SingleFile("a.bin", 100, seed: 7);

        using var anonymous = await PublishAsync(null, torrent, "auth", "1.0.0", ct: ct);
        using var wrong = await PublishAsync("pub_0123456789abcdef_nope", torrent, "auth", "1.0.0", ct: ct);
        using var stats = await PublishAsync(statsKey, torrent, "auth", "1.0.0", ct: ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
    }

    [Fact]
    public async Task Publish_TorrentOverTheLimit_Returns413()
    {
        var ct = TestContext.Current.CancellationToken;

        // 400 pieces of 16 KiB = 8000 bytes of piece hashes: twice the 4 KiB limit configured for this host.
        using var response = await PublishAsync(ServiceHost.AdminKey, TestTorrents.SingleFile("big.bin", 16 * 1024 * 400, seed: 8), "big", "1.0.0", ct: ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases?product=big&includeYanked=true", ct)).EnumerateArray());
    }

    [Fact]
    public async Task Publish_BodyOverTheLimitWithoutContentLength_Returns413()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases", ServiceHost.AdminKey);
        var content = new MultipartFormDataContent();
        content.Add(new StringContent("big"), "product");
        content.Add(new StringContent(new string('n', 2_000_000)), "notes");
        request.Content = new ChunkedContent(content);

        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Publish_JsonBody_Returns415()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases", ServiceHost.AdminKey);
        request.Content = JsonContent.Create(new { product = "json", version = "1.0.0" });

        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PublishAsync(string? key, byte[]? torrent, string product, string version, string? channel = null, string? notes = null, CancellationToken ct = default)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases", key);
        var content = new MultipartFormDataContent();
        if (torrent is not null)
        {
            var file = new ByteArrayContent(torrent);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
            content.Add(file, "torrent", "release.torrent");
        }

        content.Add(new StringContent(product), "product");
        content.Add(new StringContent(version), "version");
        if (channel is not null)
        {
            content.Add(new StringContent(channel), "channel");
        }

        if (notes is not null)
        {
            content.Add(new StringContent(notes), "notes");
        }

        request.Content = content;
        return await _host.Client.SendAsync(request, ct);
    }

    private async Task<string> CreateKeyAsync(string scope, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/keys", ServiceHost.AdminKey);
        request.Content = JsonContent.Create(new { name = scope, scopes = new[] { scope } });
        using var response = await _host.Client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString()!;
    }

    /// <summary>Sends another content without a Content-Length (chunked), so the server only learns the size by reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
