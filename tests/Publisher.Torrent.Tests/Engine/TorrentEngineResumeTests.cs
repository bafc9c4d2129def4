using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class TorrentEngineResumeTests
{
    [Fact]
    public async Task Start_AfterCompleteDownload_SeedsFromResumeWithoutPeers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrent) = await DownloadOnceAsync(temp);
        await using var engine = EngineTestData.CreateEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        Assert.Equal(TorrentState.Seeding, handle.State);
        Assert.True(File.Exists(handle.ResumeFilePath));
        Assert.Equal(0, handle.Statistics.DownloadedFromPeers);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    [Fact]
    public async Task Start_WithGarbageResumeFile_RechecksDataAndSeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (_, torrent) = await DownloadOnceAsync(temp);
        var resume = Directory.GetFiles(temp.Combine("out", ".publisher"))[0];
        await File.WriteAllBytesAsync(resume, [1, 2, 3, 4, 5], ct);
        await using var engine = EngineTestData.CreateEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        Assert.Equal(TorrentState.Seeding, handle.State);
    }

    [Fact]
    public async Task Start_WithCorruptedFileAndNoResume_RedownloadsOnlyBadPieces()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrent) = await DownloadOnceAsync(temp);
        File.Delete(Directory.GetFiles(temp.Combine("out", ".publisher"))[0]);
        var big = temp.Combine("out", "payload", "big.bin");
        await using (var stream = new FileStream(big, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 100_000;
            stream.Write(new byte[5000]);
        }

        await using var seedEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        await using var engine = EngineTestData.CreateEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        Assert.Equal(TorrentState.Downloading, handle.State);
        Assert.Equal(torrent.PieceCount - 1, handle.Progress.VerifiedPieces);
        handle.AddPeer(EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(handle);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
        Assert.True(handle.Statistics.DownloadedFromPeers <= 2L * torrent.PieceLength, $"re-downloaded {handle.Statistics.DownloadedFromPeers} bytes");
    }

    [Fact]
    public async Task Restart_AfterStopMidway_DownloadsOnlyTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 4 * 1024 * 1024, 41);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.Hybrid);
        await using var seedEngine = EngineTestData.CreateEngine();
        var seed = await seedEngine.AddAsync(torrent, temp.Path, new TorrentOptions { MaxUploadBytesPerSecond = 4 * 1024 * 1024 }, ct);
        int verifiedAtStop;
        await using (var engine = EngineTestData.CreateEngine())
        {
            var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
            handle.AddPeer(EngineTestData.EndPointOf(seedEngine));
            await foreach (var progress in handle.WatchProgressAsync(ct))
            {
                if (progress.VerifiedPieces >= torrent.PieceCount / 4)
                {
                    break;
                }
            }

            await handle.StopAsync(ct);
            Assert.Equal(TorrentState.Stopped, handle.State);
            verifiedAtStop = handle.Progress.VerifiedPieces;
        }

        seed.SetRateLimits(0, 0);
        await using var second = EngineTestData.CreateEngine();
        var resumed = await second.AddAsync(torrent, temp.Combine("out"), null, ct);
        // Every piece verified before the stop is still verified after the restart, without fetching it again.
        Assert.True(verifiedAtStop >= torrent.PieceCount / 4, $"{verifiedAtStop} pieces verified at stop");
        Assert.True(resumed.Progress.VerifiedPieces >= verifiedAtStop, $"{resumed.Progress.VerifiedPieces} pieces verified after the restart, {verifiedAtStop} at stop");
        var missing = resumed.Progress.TotalBytes - resumed.Progress.VerifiedBytes;
        resumed.AddPeer(EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(resumed);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));

        // The second run fetches only what was missing (plus at most a few endgame duplicates).
        Assert.True(resumed.Statistics.DownloadedFromPeers <= missing + (4L * torrent.PieceLength), $"{resumed.Statistics.DownloadedFromPeers} bytes fetched for {missing} missing");
    }

    private static async Task<(string Source, TorrentInfo Torrent)> DownloadOnceAsync(TempDirectory temp)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = EngineTestData.WritePayload(temp, "payload", 1024 * 1024, 51);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V1);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var engine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        handle.AddPeer(EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(handle);
        return (source, torrent);
    }
}
