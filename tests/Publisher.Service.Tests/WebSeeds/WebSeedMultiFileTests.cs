using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Publisher.Service.Catalog;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Multi-file releases: BEP 19 paths with spaces and non-ASCII names, BEP 47 pad files, byte counting.</summary>
public sealed class WebSeedMultiFileTests : IAsyncLifetime
{
    private const int PieceLength = 16 * 1024;
    private readonly CountingOriginByteRecorder _recorder = new();
    private readonly WebSeedTestTorrent _torrent = WebSeedTestTorrent.MultiFile("My Game ü", pad: true, seed: 11, PieceLength,
        (["data", "level 1.pak"], 20_000), (["日本語", "readme ñ.txt"], 3000), (["tail.bin"], 70_000));

    private WebSeedTestHost _host = null!;
    private ReleaseRecord _release = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await WebSeedTestHost.StartAsync(TestContext.Current.CancellationToken, configure: services =>
            services.TryAddSingleton<IOriginByteRecorder>(_recorder));
        _release = await _host.PublishAsync(_torrent, "1.0.0");
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Get_EveryFileByPercentEncodedPath_ReturnsItsBytes()
    {
        long total = 0;
        foreach (var (path, content) in _torrent.Files)
        {
            using var response = await _host.Client.GetAsync(WebSeedTestHost.SeedPath(_torrent.InfoHashHex, path), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            total += content.Length;
        }

        Assert.True(await Eventually.TrueAsync(() => _recorder.Total(_release.Id) == total), $"counted {_recorder.Total(_release.Id)} of {total}");
    }

    [Fact]
    public async Task Get_PadFile_ReturnsZerosWithRangesAndIsNotCountedAsPayload()
    {
        Assert.NotEmpty(_torrent.Pads);
        var (path, length) = _torrent.Pads[0];

        using var whole = await _host.Client.GetAsync(WebSeedTestHost.SeedPath(_torrent.InfoHashHex, path), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, WebSeedTestHost.SeedPath(_torrent.InfoHashHex, path));
        request.Headers.Range = new RangeHeaderValue(1, 10);
        using var range = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var zeros = await whole.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(length, zeros.Length);
        Assert.All(zeros, b => Assert.Equal(0, b));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal($"bytes 1-10/{length}", range.Content.Headers.ContentRange!.ToString());
        Assert.Equal(new byte[10], await range.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, _recorder.Total(_release.Id));
    }

    [Theory]
    [InlineData("/.pad/1", HttpStatusCode.OK)]
    [InlineData("/.pad/16384", HttpStatusCode.OK)]
    [InlineData("/.pad/16385", HttpStatusCode.NotFound)]
    [InlineData("/.pad/0", HttpStatusCode.NotFound)]
    [InlineData("/.pad/012", HttpStatusCode.NotFound)]
    [InlineData("/.pad/99999999999999999999", HttpStatusCode.NotFound)]
    [InlineData("/.pad/-1", HttpStatusCode.NotFound)]
    [InlineData("/data/.pad/10", HttpStatusCode.NotFound)]
    public async Task Get_AnyPadLengthUpToPieceLength_IsServedOthersAre404(string suffix, HttpStatusCode expected)
    {
        using var response = await _host.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Head, WebSeedTestHost.SeedPath(_torrent.InfoHashHex, _torrent.Name + suffix)), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Get_ClientAbortsMidFile_CountsOnlyWhatWasSent()
    {
        // Larger than loopback socket buffers, so the server is still sending when the client goes.
        var big = WebSeedTestTorrent.SingleFile("big.bin", 48 * 1024 * 1024, seed: 12, pieceLength: 1024 * 1024);
        var release = await _host.PublishAsync(big, "2.0.0");
        var (path, content) = big.Files[0];
        using (var response = await _host.Client.GetAsync(WebSeedTestHost.SeedPath(big.InfoHashHex, path), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
            var buffer = new byte[64 * 1024];
            await body.ReadExactlyAsync(buffer, TestContext.Current.CancellationToken);
        }

        // Disposing the response mid-body resets the connection; wait for the server to notice.
        Assert.True(await Eventually.TrueAsync(() => _host.Logs.Entries.Any(e => e.EventId.Id == WebSeedEventIds.ClientAborted)));
        var counted = _recorder.Total(release.Id);
        Assert.InRange(counted, 64 * 1024, content.Length - 1);
    }
}
