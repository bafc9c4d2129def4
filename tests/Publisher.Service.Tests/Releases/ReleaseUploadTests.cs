using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Tests.Testing;
using Publisher.Storage;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Tests.Releases;

/// <summary><c>POST /api/releases/upload</c>: files streamed in, hashed into a hybrid torrent, stored, published.</summary>
public sealed class ReleaseUploadTests : IAsyncLifetime
{
    private const int MaxUploadBytes = 200_000;
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken,
        new Dictionary<string, string?> { ["Publisher:Releases:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        var staging = Path.Combine(_host.DataDirectory, "uploads");
        Assert.True(!Directory.Exists(staging) || Directory.GetFileSystemEntries(staging).Length == 0, "staging left behind");
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Upload_Folder_PublishesAHybridTorrentAndStoresEveryFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Data(40_000, 1);
        var readme = Data(300, 2);

        using var response = await UploadAsync("game", "1.0.0", ct, ("game/bin/run", run), ("game/readme.txt", readme));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = created.GetProperty("id").GetInt64();
        var torrent = TorrentInfo.Parse(await _host.Client.GetByteArrayAsync($"/api/releases/{id}/torrent", ct));
        Assert.NotNull(torrent.InfoHashes.V1);
        Assert.NotNull(torrent.InfoHashes.V2);
        Assert.Equal("game", torrent.Name);
        Assert.Equal(40_300, created.GetProperty("totalSize").GetInt64());

        var store = _host.Services.GetRequiredService<IBlobStore>();
        var hash = torrent.InfoHashes.V1!.Value.ToHex();
        Assert.Equal(run, await ReadBlobAsync(store, $"releases/{hash}/game/bin/run", ct));
        Assert.Equal(readme, await ReadBlobAsync(store, $"releases/{hash}/game/readme.txt", ct));
    }

    [Fact]
    public async Task Upload_OneFile_PublishesASingleFileTorrent()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await UploadAsync("tool", "2.0.0", ct, ("tool.bin", Data(20_000, 3)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        var torrent = TorrentInfo.Parse(await _host.Client.GetByteArrayAsync($"/api/releases/{id}/torrent", ct));
        Assert.True(torrent.IsSingleFile);
        Assert.Equal("tool.bin", torrent.Name);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("game/../../evil")]
    [InlineData("/etc/passwd")]
    [InlineData("game//x")]
    [InlineData("game/./x")]
    [InlineData("game\\..\\x")]
    public async Task Upload_UnsafeFileName_Returns400AndPublishesNothing(string name)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await UploadAsync("unsafe", "1.0.0", ct, (name, Data(100, 4)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await _host.Client.GetFromJsonAsync<JsonElement>("/api/releases?product=unsafe&includeYanked=true", ct)).EnumerateArray());
        Assert.False(File.Exists(Path.Combine(_host.DataDirectory, "evil")));
    }

    [Fact]
    public async Task Upload_FilesWithoutOneTopFolderOrBadVersion_Return400()
    {
        var ct = TestContext.Current.CancellationToken;

        using var scattered = await UploadAsync("scattered", "1.0.0", ct, ("a/one", Data(10, 5)), ("b/two", Data(10, 6)));
        using var badVersion = await UploadAsync("versioned", "1.0", ct, ("v.bin", Data(10, 7)));

        Assert.Equal(HttpStatusCode.BadRequest, scattered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
    }

    [Fact]
    public async Task Upload_SameVersionAgain_Returns409AndStoresNothingNew()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var first = await UploadAsync("again", "1.0.0", ct, ("again.bin", Data(1000, 8))))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        var different = Data(1000, 9);
        using var second = await UploadAsync("again", "1.0.0", ct, ("again.bin", different));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var store = _host.Services.GetRequiredService<IBlobStore>();
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync("releases/", ct))
        {
            keys.Add(blob.Key);
        }

        Assert.Single(keys, k => k.EndsWith("/again.bin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_OverTheLimit_Returns413()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await UploadAsync("huge", "1.0.0", ct, ("huge.bin", Data(MaxUploadBytes + 1, 10)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_WithoutPublishScope_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases/upload") { Content = new MultipartFormDataContent() };

        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> UploadAsync(string product, string version, CancellationToken ct, params (string Name, byte[] Data)[] files)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases/upload", ServiceHost.AdminKey);
        var content = new MultipartFormDataContent
        {
            { new StringContent(product), "product" },
            { new StringContent(version), "version" },
        };
        foreach (var (name, data) in files)
        {
            var part = new ByteArrayContent(data);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"" };
            content.Add(part);
        }

        request.Content = content;
        return await _host.Client.SendAsync(request, ct);
    }

    private static async Task<byte[]> ReadBlobAsync(IBlobStore store, string key, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(key, 0, null, ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    private static byte[] Data(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
