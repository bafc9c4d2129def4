using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Storage;
using Publisher.Storage.Azure;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Interop.Tests.WebSeedServer;

/// <summary>
/// The service's web seed over a release whose blob store is Azure Blob Storage, proven against a real Azurite (npm
/// <c>azurite</c>) on loopback: a multi-file release (spaces, non-ASCII names, BEP 47 pad files) is published and its
/// files put into Azurite through our REST client; then ranged GETs through the web seed return exact bytes when it
/// streams, its 302 leads to a SAS URL that plain HttpClient downloads, and aria2 and our own downloader fetch the whole
/// torrent from the web seed alone, byte-identical, in both modes.
/// </summary>
public sealed class AzuriteWebSeedTests : IClassFixture<AzuriteServer>
{
    private const int PieceLength = 64 * 1024;
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(120);
    private readonly AzuriteServer _azurite;

    public AzuriteWebSeedTests(AzuriteServer azurite)
    {
        _azurite = azurite;
    }

    public static TheoryData<bool> Modes => new() { false, true };

    [Fact]
    public async Task Streamed_RangedGets_ReturnExactlyTheBytesStoredInAzurite()
    {
        _azurite.RequireAvailable();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await _azurite.StartServiceAsync(AzuriteServer.NewContainer(), redirect: false, ct);
        var release = await PublishMultiFileAsync(host, ct);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        foreach (var file in release.RealFiles)
        {
            var content = release.Content(file);
            var url = release.SeedUrl(file);
            foreach (var (from, to) in RangesOf(content.Length))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Range = new RangeHeaderValue(from, to);
                using var response = await client.SendAsync(request, ct);

                Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
                Assert.Equal(new ContentRangeHeaderValue(from, to, content.Length), response.Content.Headers.ContentRange);
                Assert.Equal(content.AsSpan((int)from, (int)(to - from + 1)).ToArray(), await response.Content.ReadAsByteArrayAsync(ct));
            }

            using var whole = await client.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync(ct));
            await AssertConditionalsAsync(client, url, whole.Headers.ETag, content, ct);
        }

        Assert.Equal(0, host.BytesSent("redirect"));
        Assert.True(host.BytesSent("stream") > 0);
    }

    [Fact]
    public async Task Redirect_302ToASasUrl_ThatPlainHttpClientDownloads()
    {
        _azurite.RequireAvailable();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await _azurite.StartServiceAsync(AzuriteServer.NewContainer(), redirect: true, ct);
        var release = await PublishMultiFileAsync(host, ct);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var plain = new HttpClient();

        foreach (var file in release.RealFiles)
        {
            var content = release.Content(file);
            using var request = new HttpRequestMessage(HttpMethod.Get, release.SeedUrl(file));
            request.Headers.Range = new RangeHeaderValue(1, content.Length - 2);
            using var redirect = await client.SendAsync(request, ct);

            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
            var sas = redirect.Headers.Location!;
            Assert.Equal(_azurite.Port, sas.Port);
            Assert.Contains("sig=", sas.Query, StringComparison.Ordinal);
            using var whole = await plain.GetAsync(sas, ct);
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync(ct));
            using var ranged = new HttpRequestMessage(HttpMethod.Get, sas);
            ranged.Headers.Range = new RangeHeaderValue(1, content.Length - 2);
            using var part = await plain.SendAsync(ranged, ct);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(content.AsSpan(1, content.Length - 2).ToArray(), await part.Content.ReadAsByteArrayAsync(ct));

            // The container is private: without the signature Azurite refuses the same blob.
            using var unsigned = await plain.GetAsync(sas.GetLeftPart(UriPartial.Path), ct);
            Assert.False(unsigned.IsSuccessStatusCode, $"{unsigned.StatusCode} for an unsigned URL");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Aria2_DownloadsFromTheAzureBackedWebSeedOnly_BytesMatch(bool redirect)
    {
        _azurite.RequireAvailable();
        var aria2 = ExternalTool.Require("aria2c", "aria2");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await _azurite.StartServiceAsync(AzuriteServer.NewContainer(), redirect, ct);
        var release = await PublishMultiFileAsync(host, ct);
        var target = host.Directory.Combine("aria2");
        Directory.CreateDirectory(target);
        var port = LoopbackPort.GetFreeTcpPort().ToString(CultureInfo.InvariantCulture);

        var result = await ChildProcess.RunAsync(aria2,
        [
            "--dir=" + target, "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--seed-time=0", "--listen-port=" + port, "--summary-interval=0", "--console-log-level=warn", "--no-conf=true",
            "--bt-tracker-connect-timeout=2", "--bt-tracker-timeout=2", release.TorrentFile,
        ], DownloadTimeout, ct);

        Assert.True(result.ExitCode == 0, result.Output);
        release.AssertDownloaded(target);
        await AssertServedByAsync(host, redirect, release);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task OurDownloader_DownloadsFromTheAzureBackedWebSeedOnly_BytesMatch(bool redirect)
    {
        _azurite.RequireAvailable();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await _azurite.StartServiceAsync(AzuriteServer.NewContainer(), redirect, ct);
        var release = await PublishMultiFileAsync(host, ct);
        var target = host.Directory.Combine("ours");
        using var downloader = new WebSeedDownloader();

        var result = await downloader.DownloadAsync(release.Torrent, target, seedUrls: null, progress: null, ct);

        Assert.True(result.Completed, result.Error);
        release.AssertDownloaded(target);
        await AssertServedByAsync(host, redirect, release);
    }

    /// <summary>
    /// In redirect mode no payload byte went through the service; streamed, at least the whole payload did. The web seed
    /// records a response's bytes when the response ends, which can be just after the client has its last byte: wait
    /// (bounded) for the count to arrive.
    /// </summary>
    private static async Task AssertServedByAsync(WebSeedInteropHost host, bool redirect, PublishedRelease release)
    {
        var (expected, other) = redirect ? ("redirect", "stream") : ("stream", "redirect");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (host.BytesSent(expected) < release.Torrent.PayloadSize && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, host.BytesSent(other));
        Assert.True(host.BytesSent(expected) >= release.Torrent.PayloadSize, $"{host.BytesSent(expected)} {expected} bytes counted for a {release.Torrent.PayloadSize}-byte payload");
    }

    /// <summary>The blob's ETag (from Azurite) validates: If-Range with it gives the range, with another the whole file; If-None-Match gives 304.</summary>
    private static async Task AssertConditionalsAsync(HttpClient client, Uri url, EntityTagHeaderValue? etag, byte[] content, CancellationToken ct)
    {
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        using var matching = new HttpRequestMessage(HttpMethod.Get, url);
        matching.Headers.Range = new RangeHeaderValue(10, 19);
        matching.Headers.IfRange = new RangeConditionHeaderValue(etag);
        using var part = await client.SendAsync(matching, ct);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(content.AsSpan(10, 10).ToArray(), await part.Content.ReadAsByteArrayAsync(ct));

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.Range = new RangeHeaderValue(10, 19);
        stale.Headers.IfRange = new RangeConditionHeaderValue("\"0x0000000000000000\"");
        using var whole = await client.SendAsync(stale, ct);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(content.Length, (await whole.Content.ReadAsByteArrayAsync(ct)).Length);

        using var cached = new HttpRequestMessage(HttpMethod.Get, url);
        cached.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(cached, ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(content.Length, head.Content.Headers.ContentLength);
    }

    /// <summary>Inclusive ranges worth asking for in a file of <paramref name="length"/> bytes: edges, a middle, across the 256 KiB send chunks.</summary>
    private static (long From, long To)[] RangesOf(long length) =>
    [
        (0, 0),
        (0, Math.Min(999, length - 1)),
        (length / 3, (2 * length / 3) - 1),
        (length - 1, length - 1),
        (Math.Max(0, length - 300_000), length - 1),
    ];

    /// <summary>Publishes a multi-file release, puts its files into the Azure store, and writes its .torrent (with our url-list).</summary>
    private static async Task<PublishedRelease> PublishMultiFileAsync(WebSeedInteropHost host, CancellationToken cancellationToken)
    {
        Assert.IsType<AzureBlobStore>(host.Services.GetRequiredService<IBlobStore>());
        var source = host.Directory.Combine("source");
        var torrent = InteropTorrent.MultiFile(source, "Azure Pack ñ", seed: 7, PieceLength,
            ("docs/read me.txt", 100_000), ("日本/データ 1.bin", (700 * 1024) + 7), ("z#%+&;.bin", 300_001));
        var file = await host.PublishAsync(torrent, source, "1.0.0", cancellationToken);
        return new PublishedRelease(TorrentInfo.Parse(await File.ReadAllBytesAsync(file, cancellationToken)), file, source);
    }

    /// <summary>A published release: its parsed torrent (url-list pointing at our web seed), its .torrent file, and where its payload came from.</summary>
    private sealed record PublishedRelease(TorrentInfo Torrent, string TorrentFile, string Source)
    {
        public IEnumerable<TorrentFile> RealFiles => Torrent.Files.Where(static file => !file.IsPadFile && file.Length > 0);

        public byte[] Content(TorrentFile file) => File.ReadAllBytes(TorrentFilePaths.GetFullPath(Source, file));

        public Uri SeedUrl(TorrentFile file) => WebSeedUrl.ForFile(Assert.Single(Torrent.WebSeeds), Torrent, file);

        public void AssertDownloaded(string target)
        {
            foreach (var file in RealFiles)
            {
                var downloaded = TorrentFilePaths.GetFullPath(target, file);
                Assert.True(File.Exists(downloaded), $"{downloaded} was not downloaded");
                Assert.True(Content(file).AsSpan().SequenceEqual(File.ReadAllBytes(downloaded)), $"{file.PathString} differs");
            }
        }
    }
}
