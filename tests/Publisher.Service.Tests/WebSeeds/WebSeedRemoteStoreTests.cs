using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Publisher.Service.Catalog;
using Publisher.Service.WebSeeds;
using Publisher.Storage;
using Publisher.Storage.Local;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>A store without local files (Azure): ranged streaming, or a 302 to a direct read URL when configured.</summary>
public sealed class WebSeedRemoteStoreTests : IDisposable
{
    private readonly TempDirectory _blobs = new("publisher-webseed-remote");
    private readonly CountingOriginByteRecorder _recorder = new();
    private readonly WebSeedTestTorrent _torrent = WebSeedTestTorrent.SingleFile("remote.bin", 700_000, seed: 31);

    public void Dispose() => _blobs.Dispose();

    [Fact]
    public async Task Get_RemoteStore_StreamsExactRanges()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new RemoteLikeBlobStore(new LocalBlobStore(new LocalBlobStoreOptions { RootDirectory = _blobs.Path }, NullLogger<LocalBlobStore>.Instance), directBase: null);
        await using var host = await StartAsync(store, redirect: true, ct);
        var release = await host.PublishAsync(_torrent, "1.0.0");
        var content = _torrent.Files[0].Content;

        using var request = new HttpRequestMessage(HttpMethod.Get, WebSeedTestHost.SeedPath(_torrent.InfoHashHex, _torrent.Name));
        request.Headers.Range = new RangeHeaderValue(300_000, 650_000);
        using var range = await host.Client.SendAsync(request, ct);
        using var whole = await host.Client.GetAsync(WebSeedTestHost.SeedPath(_torrent.InfoHashHex, _torrent.Name), ct);

        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(content.AsSpan(300_000, 350_001).ToArray(), await range.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(2, store.OpenReads);
        Assert.True(await Eventually.TrueAsync(() => _recorder.Total(release.Id) == 350_001 + 700_000));
        Assert.Empty(host.Logs.Errors());
    }

    [Fact]
    public async Task Get_RedirectToBlob_Returns302ToDirectUrlAndCountsTheRange()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new RemoteLikeBlobStore(new LocalBlobStore(new LocalBlobStoreOptions { RootDirectory = _blobs.Path }, NullLogger<LocalBlobStore>.Instance), new Uri("http://127.0.0.1:1/container/"));
        await using var host = await StartAsync(store, redirect: true, ct);
        var release = await host.PublishAsync(_torrent, "1.0.0");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var request = new HttpRequestMessage(HttpMethod.Get, WebSeedTestHost.SeedPath(_torrent.InfoHashHex, _torrent.Name));
        request.Headers.Range = new RangeHeaderValue(0, 9999);
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"http://127.0.0.1:1/container/releases/{_torrent.InfoHashHex}/remote.bin?sig=test&se=600", response.Headers.Location!.AbsoluteUri);
        Assert.Equal(0, store.OpenReads);
        Assert.Equal(10_000, _recorder.Total(release.Id));
    }

    private async Task<WebSeedTestHost> StartAsync(IBlobStore store, bool redirect, CancellationToken ct) =>
        await WebSeedTestHost.StartAsync(ct, new Dictionary<string, string?> { ["Publisher:WebSeed:RedirectToBlob"] = redirect ? "true" : "false" }, services =>
        {
            services.TryAddSingleton(store);
            services.TryAddSingleton<IOriginByteRecorder>(_recorder);
        });
}
