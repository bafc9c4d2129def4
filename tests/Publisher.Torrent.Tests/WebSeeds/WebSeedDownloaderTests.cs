using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>Whole downloads from real HTTP servers on 127.0.0.1 that behave or misbehave.</summary>
public sealed class WebSeedDownloaderTests : IDisposable
{
    private const string Name = "my release ü";
    private readonly TempDirectory _source = new("webseed-src");
    private readonly TempDirectory _target = new("webseed-dst");

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    private static WebSeedOptions FaultOptions => new()
    {
        ConnectionsPerSeed = 2,
        AttemptTimeout = TimeSpan.FromSeconds(3),
        MaxRetryAttempts = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MinimumThroughput = 100,
        BreakDuration = TimeSpan.FromSeconds(1),
        MaxFailuresPerRun = 2,
    };

    private static CancellationToken Bounded(out CancellationTokenSource owner)
    {
        owner = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        owner.CancelAfter(TimeSpan.FromSeconds(60));
        return owner.Token;
    }

    private async Task<WebSeedDownloadResult> DownloadAsync(TorrentInfo torrent, IReadOnlyList<string> seeds, WebSeedOptions? options, CancellationToken token)
    {
        using var downloader = new WebSeedDownloader(options);
        return await downloader.DownloadAsync(torrent, _target.Path, seeds, null, token);
    }

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    [InlineData(TorrentFormat.V2)]
    public async Task DownloadAsync_GoodSeed_FilesAreByteIdenticalAndPadFilesAreNeverRequested(TorrentFormat format)
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.MultiAsync(_source, Name, format, [], token);
        await using var seed = new LocalWebSeedServer(_source.Path, SeedFault.None);
        var progress = new List<WebSeedDownloadProgress>();

        using var downloader = new WebSeedDownloader();
        var result = await downloader.DownloadAsync(torrent, _target.Path, [seed.BaseUrl], new SynchronousProgress(progress), token);

        Assert.True(result.Completed, result.Error);
        Assert.Equal(torrent.PieceCount, result.PiecesVerified);
        Assert.Equal(torrent.PayloadSize, result.BytesFromWebSeeds);
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
        Assert.True(File.Exists(_target.Combine(Name, "données", "empty.bin")));
        Assert.False(Directory.Exists(_target.Combine(Name, ".pad")));
        lock (progress)
        {
            Assert.Equal(torrent.TotalSize, progress.Max(p => p.BytesVerified));
        }
    }

    [Fact]
    public async Task DownloadAsync_SingleFileFromTheTorrentsOwnUrlList_Completes()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        await using var seed = new LocalWebSeedServer(_source.Path, SeedFault.None);
        var torrent = await WebSeedTestData.SingleAsync(_source, "single file €.bin", 100_000, [seed.BaseUrl], token);

        var result = await DownloadAsync(torrent, null!, null, token);

        Assert.True(result.Completed, result.Error);
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
    }

    [Theory]
    [InlineData(SeedFault.Unavailable)]
    [InlineData(SeedFault.Reset)]
    [InlineData(SeedFault.Slow)]
    [InlineData(SeedFault.WrongBytes)]
    [InlineData(SeedFault.WrongRange)]
    public async Task DownloadAsync_OneBadSeedAndOneGood_CompletesFromTheGoodOne(SeedFault fault)
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.MultiAsync(_source, Name, TorrentFormat.Hybrid, [], token);
        await using var bad = new LocalWebSeedServer(_source.Path, fault);
        await using var good = new LocalWebSeedServer(_source.Path, SeedFault.None);

        var result = await DownloadAsync(torrent, [bad.BaseUrl, good.BaseUrl], FaultOptions, token);

        Assert.True(result.Completed, result.Error);
        Assert.True(bad.Requests > 0);
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
    }

    [Fact]
    public async Task DownloadAsync_StalledSeedWithALongTimeout_TheOtherSeedTakesOverItsRunsWithoutWaiting()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.MultiAsync(_source, Name, TorrentFormat.Hybrid, [], token);
        await using var slow = new LocalWebSeedServer(_source.Path, SeedFault.Slow);
        await using var good = new LocalWebSeedServer(_source.Path, SeedFault.None);

        // Without the endgame the stalled seed would hold its runs for at least the 40 s attempt timeout.
        var result = await DownloadAsync(torrent, [slow.BaseUrl, good.BaseUrl], FaultOptions with { AttemptTimeout = TimeSpan.FromSeconds(40) }, token);

        Assert.True(result.Completed, result.Error);
        Assert.True(slow.Requests > 0);
        Assert.InRange(result.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
    }

    [Fact]
    public async Task DownloadAsync_AgainAfterOneByteWasDamaged_FetchesOnlyThatPiece()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.MultiAsync(_source, Name, TorrentFormat.V1, [], token);
        await using var seed = new LocalWebSeedServer(_source.Path, SeedFault.None);
        var first = await DownloadAsync(torrent, [seed.BaseUrl], null, token);
        var damaged = TorrentFilePaths.GetFullPath(_target.Path, torrent.Files[0]);
        var bytes = await File.ReadAllBytesAsync(damaged, token);
        bytes[20_000] ^= 0x01;
        await File.WriteAllBytesAsync(damaged, bytes, token);

        var second = await DownloadAsync(torrent, [seed.BaseUrl], null, token);

        Assert.True(first.Completed, first.Error);
        Assert.True(second.Completed, second.Error);
        Assert.Equal(torrent.PieceLength, second.BytesFromWebSeeds);
        Assert.Equal(torrent.PieceCount, second.PiecesVerified);
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
    }

    [Fact]
    public async Task DownloadAsync_Redirects_AreFollowed()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.MultiAsync(_source, Name, TorrentFormat.V1, [], token);
        await using var seed = new LocalWebSeedServer(_source.Path, SeedFault.Redirect);

        var result = await DownloadAsync(torrent, [seed.BaseUrl], FaultOptions, token);

        Assert.True(result.Completed, result.Error);
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
    }

    [Theory]
    [InlineData(SeedFault.WrongBytes, "failed the piece hash")]
    [InlineData(SeedFault.WrongRange, "Content-Range")]
    [InlineData(SeedFault.Reset, "could not be downloaded")]
    [InlineData(SeedFault.RedirectLoop, "HTTP 302")]
    public async Task DownloadAsync_OnlyABadSeed_FailsWithAClearErrorAndNoCorruptPiece(SeedFault fault, string reason)
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.MultiAsync(_source, Name, TorrentFormat.V1, [], token);
        await using var bad = new LocalWebSeedServer(_source.Path, fault);

        var result = await DownloadAsync(torrent, [bad.BaseUrl], FaultOptions, token);

        Assert.False(result.Completed);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains("could not be downloaded from any web seed", result.Error, StringComparison.Ordinal);
        WebSeedTestData.AssertNoCorruptPiece(torrent, _target.Path);
    }

    [Fact]
    public async Task DownloadAsync_RunsOfSeveralHundredKiBOverKeepAliveConnections_CompleteWithoutASingleRetry()
    {
        // Runs of 512 KiB: body reads large enough to raise the socket's low-water mark, each response followed by
        // another on the same connection. A read waiting for bytes the server does not owe would stall until the
        // attempt timeout, and with no retries allowed the download would fail.
        var token = Bounded(out var cts);
        using var _ = cts;
        var torrent = await WebSeedTestData.SingleAsync(_source, "large.bin", (8 * 1024 * 1024) + 12_345, [], token);
        await using var seed = new LocalWebSeedServer(_source.Path, SeedFault.None);
        var options = new WebSeedOptions { ConnectionsPerSeed = 2, MaxRetryAttempts = 0, MaxFailuresPerRun = 1, AttemptTimeout = TimeSpan.FromSeconds(20) };

        var result = await DownloadAsync(torrent, [seed.BaseUrl + "large.bin"], options, token);

        Assert.True(result.Completed, result.Error);
        Assert.Equal(torrent.PieceCount, result.PiecesVerified);
        WebSeedTestData.AssertSameFiles(torrent, _source.Path, _target.Path);
    }

    [Fact]
    public async Task DownloadAsync_NoUsableSeed_FailsAtOnce()
    {
        var torrent = await WebSeedTestData.SingleAsync(_source, "x.bin", 1000, ["ftp://example/x.bin"], TestContext.Current.CancellationToken);

        var result = await DownloadAsync(torrent, null!, null, TestContext.Current.CancellationToken);

        Assert.False(result.Completed);
        Assert.Contains("no usable http(s) web seed", result.Error, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(List<WebSeedDownloadProgress> list) : IProgress<WebSeedDownloadProgress>
    {
        public void Report(WebSeedDownloadProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
