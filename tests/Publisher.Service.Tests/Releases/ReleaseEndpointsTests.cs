using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Releases;

/// <summary>The read side of <c>/api/releases</c> and yanking, over HTTP against a real Kestrel.</summary>
public sealed class ReleaseEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken,
        new Dictionary<string, string?> { ["Publisher:PublicUrl"] = "https://downloads.example.com/base/" });

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Get_PublishedRelease_ReturnsFieldsFilesAndLinks()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("game", "1.4.0"));

        var json = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/releases/{release.Id}", ct);

        Assert.Equal("game", json.GetProperty("product").GetString());
        Assert.Equal("1.4.0", json.GetProperty("version").GetString());
        Assert.Equal(release.InfoHashV1, json.GetProperty("infoHashV1").GetString());
        Assert.Equal(["bin/app", "readme.txt"], json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        var links = json.GetProperty("links");
        Assert.Equal($"https://downloads.example.com/base/api/releases/{release.Id}/torrent", links.GetProperty("torrent").GetString());
        Assert.Equal($"https://downloads.example.com/base/seed/{release.InfoHashV1}/", links.GetProperty("webSeed").GetString());

        var magnet = links.GetProperty("magnet").GetString()!;
        Assert.StartsWith($"magnet:?xt=urn:btih:{release.InfoHashV1}&xt=urn:btmh:1220{release.InfoHashV2}&dn=game-1.4.0&xl=3000&", magnet, StringComparison.Ordinal);
        Assert.Contains("&tr=" + Uri.EscapeDataString("https://downloads.example.com/base/announce"), magnet, StringComparison.Ordinal);
        Assert.Equal(magnet, await _host.Client.GetStringAsync($"/api/releases/{release.Id}/magnet", ct));
    }

    [Fact]
    public async Task Get_UnknownRelease_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var path in new[] { "/api/releases/999999", "/api/releases/999999/torrent", "/api/releases/999999/magnet", "/api/releases/999999/manifest" })
        {
            using var response = await _host.Client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task GetTorrent_PublishedRelease_ServesTheStoredBytesAsBitTorrent()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = Testing.Releases.New("game", "2.0.0");
        var release = await Testing.Releases.PublishAsync(_host, input);

        using var response = await _host.Client.GetAsync($"/api/releases/{release.Id}/torrent", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-bittorrent", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("game-2.0.0.torrent", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(input.Torrent.ToArray(), await response.Content.ReadAsByteArrayAsync(ct));
    }

    [Fact]
    public async Task GetManifest_PublishedRelease_IsSignedByThePublishedKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("game", "3.0.0", notes: "Signed."));

        var jws = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/releases/{release.Id}/manifest", ct);
        var key = await _host.Client.GetFromJsonAsync<JsonElement>("/api/keys/signing", ct);

        var signingInput = Encoding.ASCII.GetBytes(jws.GetProperty("protected").GetString() + "." + jws.GetProperty("payload").GetString());
        var signature = Base64Url.DecodeFromChars(jws.GetProperty("signature").GetString());
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(key.GetProperty("publicKeyPem").GetString());
        Assert.True(verifier.VerifyData(signingInput, signature, HashAlgorithmName.SHA256));

        using var manifest = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.GetProperty("payload").GetString()));
        Assert.Equal("publisher.release-manifest/1", manifest.RootElement.GetProperty("schema").GetString());
        Assert.Equal("3.0.0", manifest.RootElement.GetProperty("version").GetString());
        Assert.Equal(release.InfoHashV2, manifest.RootElement.GetProperty("infoHashV2").GetString());
        Assert.Equal(2, manifest.RootElement.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task Latest_SeveralVersions_PicksSemVerHighestThatIsNotYanked()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var version in new[] { "1.2.0", "1.10.0", "1.9.9" })
        {
            await Testing.Releases.PublishAsync(_host, Testing.Releases.New("latest-test", version));
        }

        var beta = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("latest-test", "2.0.0-beta.1"));
        await Testing.Releases.PublishAsync(_host, Testing.Releases.New("latest-test", "9.0.0", channel: "nightly"));

        Assert.Equal("2.0.0-beta.1", (await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases/latest?product=latest-test", ct)).GetProperty("version").GetString());
        using (var yank = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Post, $"/api/releases/{beta.Id}/yank", ServiceHost.AdminKey), ct))
        {
            Assert.Equal(HttpStatusCode.OK, yank.StatusCode);
        }

        Assert.Equal("1.10.0", (await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases/latest?product=latest-test&channel=stable", ct)).GetProperty("version").GetString());
        using var none = await _host.Client.GetAsync("/api/releases/latest?product=no-such-product", ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var bad = await _host.Client.GetAsync("/api/releases/latest?product=../etc", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Yank_KeysAndStates_AnswerWithTheRightStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("yank-test", "1.0.0"));
        var stats = await CreateKeyAsync("stats only", "stats", ct);
        var publish = await CreateKeyAsync("publisher", "publish", ct);
        var path = $"/api/releases/{release.Id}/yank";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Post, path, null, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Post, path, "not-a-key-at-all-really", ct));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, path, stats, ct));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Post, path, publish, ct));
        Assert.Equal(HttpStatusCode.Conflict, await StatusAsync(HttpMethod.Post, path, publish, ct));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Post, "/api/releases/987654/yank", publish, ct));

        var listed = await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases?product=yank-test", ct);
        Assert.Equal(0, listed.GetArrayLength());
        var withYanked = await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases?product=yank-test&includeYanked=true", ct);
        Assert.NotEqual(JsonValueKind.Null, withYanked[0].GetProperty("yankedAt").ValueKind);
    }

    [Theory]
    [InlineData("/api/releases?limit=0")]
    [InlineData("/api/releases?limit=100000")]
    public async Task List_BadLimit_Returns400(string path)
    {
        using var response = await _host.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? key, CancellationToken ct)
    {
        using var response = await _host.Client.SendAsync(ServiceHost.Request(method, path, key), ct);
        return response.StatusCode;
    }

    private async Task<string> CreateKeyAsync(string name, string scope, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/keys", ServiceHost.AdminKey);
        request.Content = JsonContent.Create(new { name, scopes = new[] { scope } });
        using var response = await _host.Client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString()!;
    }
}
