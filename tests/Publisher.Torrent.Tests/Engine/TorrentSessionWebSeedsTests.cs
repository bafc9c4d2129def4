using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Tests.WebSeeds;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>The torrent session as the web seeds' host: claims, delivery, faults, stop and pause.</summary>
public sealed class TorrentSessionWebSeedsTests
{
    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task Download_WebSeedOnly_IsByteIdenticalAndCountedAsWebSeedBytes(TorrentFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.None, format: format);
        await using var engine = EngineTestData.CreateEngine();

        var handle = await engine.AddAsync(fixture.Torrent, fixture.Target, null, ct);
        var error = await WebSeedEngineFixture.WaitEndAsync(handle);

        Assert.Null(error);
        Assert.Equal(TorrentState.Seeding, handle.State);
        WebSeedTestData.AssertSameFiles(fixture.Torrent, fixture.Served, fixture.Target);
        var statistics = handle.Statistics;
        Assert.Equal(0, statistics.DownloadedFromPeers);
        Assert.Equal(fixture.Torrent.TotalSize, statistics.DownloadedFromWebSeeds - statistics.DiscardedBytes);
        Assert.Equal(fixture.Torrent.TotalSize, handle.Progress.Statistics.DownloadedFromWebSeeds);
        await WebSeedEngineFixture.WaitUntilAsync(() => !handle.Session.WebSeedsRunning, "the web seeds to stop after completion");
    }

    [Fact]
    public async Task Download_UseWebSeedsFalse_NeverAsksTheSeed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.None);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(fixture.Torrent, fixture.Served, null, ct);

        var leech = await leechEngine.AddAsync(fixture.Torrent, fixture.Target, new TorrentOptions { UseWebSeeds = false, InitialPeers = [EngineTestData.EndPointOf(seedEngine)] }, ct);

        Assert.Null(await WebSeedEngineFixture.WaitEndAsync(leech));
        Assert.Equal(0, fixture.Server.Requests);
        Assert.Equal(0, leech.Statistics.DownloadedFromWebSeeds);
        WebSeedTestData.AssertSameFiles(fixture.Torrent, fixture.Served, fixture.Target);
    }

    [Fact]
    public async Task DeliverAsync_ClaimedPiece_IsWrittenVerifiedAndCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.None);
        await using var engine = EngineTestData.CreateEngine();
        var handle = await engine.AddAsync(fixture.Torrent, fixture.Target, new TorrentOptions { UseWebSeeds = false }, ct);
        IWebSeedHost host = handle.Session;
        var owner = new object();
        var before = host.Snapshot();
        Assert.Equal(fixture.Torrent.PieceCount, before.UnavailablePieces);
        Assert.Equal(fixture.Torrent.TotalSize, before.RemainingBytes);

        Assert.True(host.Claims.TryClaimPiece(owner, PieceClaimPolicy.UnavailableOnly, out var piece));
        Assert.Equal(fixture.Torrent.PieceCount - 1, host.Snapshot().UnavailablePieces);
        var data = ReadPiece(fixture, piece);
        await host.DeliverAsync(piece, data, owner, ct);
        await WebSeedEngineFixture.WaitUntilAsync(() => handle.Progress.VerifiedPieces == 1, "the delivered piece to be verified");

        Assert.True(handle.Session.Picker.Have[piece]);
        Assert.Equal(data.Length, handle.Statistics.DownloadedFromWebSeeds);
        Assert.Equal(0, handle.Statistics.DiscardedBytes);
        var after = host.Snapshot();
        Assert.Equal(fixture.Torrent.TotalSize - data.Length, after.RemainingBytes);
        Assert.Equal(0, after.ConnectedPeers);

        // The same piece again is not wanted any more: counted, then discarded.
        await host.DeliverAsync(piece, data, owner, ct);
        Assert.Equal(data.Length, handle.Statistics.DiscardedBytes);
    }

    [Fact]
    public async Task Download_WebSeedSendsWrongBytesWhilePeerHasData_CompletesFromPeerAndMarksSeedBad()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.WrongBytes);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        // The peer is capped (about 3 s for the payload) so the origin's first round surely runs on a loaded machine.
        await seedEngine.AddAsync(fixture.Torrent, fixture.Served, new TorrentOptions { MaxUploadBytesPerSecond = 128 * 1024 }, ct);

        // The origin tops up from the start however fast the peer is, so the bad seed is surely asked.
        var options = new TorrentOptions
        {
            InitialPeers = [EngineTestData.EndPointOf(seedEngine)],
            Offload = new PeersFirstOffloadOptions { TargetPeerRate = 1_000_000_000, Warmup = TimeSpan.Zero, PeerWait = TimeSpan.Zero },
        };

        var leech = await leechEngine.AddAsync(fixture.Torrent, fixture.Target, options, ct);

        Assert.Null(await WebSeedEngineFixture.WaitEndAsync(leech));
        WebSeedTestData.AssertSameFiles(fixture.Torrent, fixture.Served, fixture.Target);
        Assert.Equal(0, leech.Statistics.DownloadedFromWebSeeds);
        Assert.True(fixture.Server.Requests > 0, "the web seed was never asked");
        // Bad for the files it served wrongly: never asked again after the first round of requests.
        Assert.True(fixture.Server.Requests <= 2 * new PeersFirstOffloadOptions().MaxConcurrentRequests, $"{fixture.Server.Requests} requests to a bad seed");
    }

    [Theory]
    [InlineData(SeedFault.WrongBytes, "failed the piece hash")]
    [InlineData(SeedFault.Unavailable, "HTTP 503")]
    public async Task Download_NoPeersAndOnlyAFailingWebSeed_FailsWithClearErrorAndNoCorruptPiece(SeedFault fault, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(fault);
        await using var engine = EngineTestData.CreateEngine();

        var handle = await engine.AddAsync(fixture.Torrent, fixture.Target, null, ct);
        var error = await WebSeedEngineFixture.WaitEndAsync(handle);

        Assert.NotNull(error);
        Assert.Equal(TorrentState.Error, handle.State);
        Assert.Contains("no peer is connected", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Server.BaseUrl, error.Message, StringComparison.Ordinal);
        await handle.StopAsync(ct);
        WebSeedTestData.AssertNoCorruptPiece(fixture.Torrent, fixture.Target);
    }

    [Fact]
    public async Task Download_SeedBadForOneFileAndNoPeers_ServesTheOtherFileThenFailsNamingTheBadOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.None);
        var big = Path.Combine(fixture.Served, "pay load ü", "big €.bin");
        var data = await File.ReadAllBytesAsync(big, ct);
        for (var i = 0; i < data.Length; i += 16 * 1024)
        {
            data[i] ^= 0x5A;
        }

        await File.WriteAllBytesAsync(big, data, ct);
        await using var engine = EngineTestData.CreateEngine();

        var handle = await engine.AddAsync(fixture.Torrent, fixture.Target, null, ct);
        var error = await WebSeedEngineFixture.WaitEndAsync(handle);

        Assert.NotNull(error);
        Assert.Contains("big €.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed the piece hash", error.Message, StringComparison.Ordinal);
        // The last piece lies wholly in the good file: it still came from the seed that is bad for the other one.
        Assert.True(handle.Session.Picker.Have[fixture.Torrent.PieceCount - 1], "the good file's piece was not fetched");
        await handle.StopAsync(ct);
        WebSeedTestData.AssertNoCorruptPiece(fixture.Torrent, fixture.Target);
    }

    [Fact]
    public async Task StopAndPause_WhileWebSeedStalls_CancelRequestsAndReleaseClaims()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.Slow);
        await using var engine = EngineTestData.CreateEngine();
        var handle = await engine.AddAsync(fixture.Torrent, fixture.Target, null, ct);
        var session = handle.Session;
        var pieces = fixture.Torrent.PieceCount;
        await WebSeedEngineFixture.WaitUntilAsync(() => fixture.Server.Requests > 0 && session.Picker.UnavailablePieceCount < pieces, "a web seed request");

        await handle.PauseAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.False(session.WebSeedsRunning);
        Assert.Equal(pieces, session.Picker.UnavailablePieceCount);

        var asked = fixture.Server.Requests;
        await handle.StartAsync(ct);
        Assert.True(session.WebSeedsRunning);
        await WebSeedEngineFixture.WaitUntilAsync(() => fixture.Server.Requests > asked, "the web seed to be asked again after resuming");

        await handle.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.False(session.WebSeedsRunning);
        Assert.Equal(pieces, session.Picker.UnavailablePieceCount);
        Assert.Equal(TorrentState.Stopped, handle.State);
        Assert.Equal(0, handle.Statistics.DownloadedFromWebSeeds);
    }

    [Fact]
    public async Task Download_SlowPeerAndWebSeed_CompletesAndBytesBySourceAddUp()
    {
        var ct = TestContext.Current.CancellationToken;
        // 256 pieces: more than a slow peer's request queue covers, so unstarted pieces are left for the origin.
        await using var fixture = await WebSeedEngineFixture.StartAsync(SeedFault.None, size: 4 * 1024 * 1024);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(fixture.Torrent, fixture.Served, new TorrentOptions { MaxUploadBytesPerSecond = 512 * 1024 }, ct);
        var options = new TorrentOptions
        {
            InitialPeers = [EngineTestData.EndPointOf(seedEngine)],
            Offload = new PeersFirstOffloadOptions { TargetPeerRate = 4_000_000, Warmup = TimeSpan.FromMilliseconds(500), RateWindow = TimeSpan.FromSeconds(1) },
        };

        var leech = await leechEngine.AddAsync(fixture.Torrent, fixture.Target, options, ct);

        Assert.Null(await WebSeedEngineFixture.WaitEndAsync(leech));
        WebSeedTestData.AssertSameFiles(fixture.Torrent, fixture.Served, fixture.Target);
        var statistics = leech.Statistics;
        Assert.True(statistics.DownloadedFromWebSeeds > 0, "the web seed never topped up a slow peer");
        Assert.Equal(fixture.Torrent.TotalSize, statistics.DownloadedFromPeers + statistics.DownloadedFromWebSeeds - statistics.DiscardedBytes);
    }

    private static byte[] ReadPiece(WebSeedEngineFixture fixture, int piece)
    {
        var data = new byte[fixture.Torrent.GetPieceSize(piece)];
        var start = (long)piece * fixture.Torrent.PieceLength;
        foreach (var file in fixture.Torrent.Files)
        {
            if (file.IsPadFile || file.EndOffset <= start || file.Offset >= start + data.Length)
            {
                continue;
            }

            var from = Math.Max(start, file.Offset);
            var to = Math.Min(start + data.Length, file.EndOffset);
            using var stream = File.OpenRead(Publisher.Torrent.Metainfo.TorrentFilePaths.GetFullPath(fixture.Served, file));
            stream.Position = from - file.Offset;
            stream.ReadExactly(data, (int)(from - start), (int)(to - from));
        }

        return data;
    }
}
