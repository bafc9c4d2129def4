using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class TorrentEngineSwarmTests
{
    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    [InlineData(TorrentFormat.V2)]
    public async Task Download_FromOurSeed_IsByteIdentical(TorrentFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 4 * 1024 * 1024, 7);
        var torrent = await EngineTestData.CreateTorrentAsync(source, format);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        var seed = await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        Assert.Equal(TorrentState.Seeding, seed.State);
        var target = temp.Combine("out");
        var leech = await leechEngine.AddAsync(torrent, target, null, ct);
        leech.AddPeer(EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(leech);

        Assert.Equal(TorrentState.Seeding, leech.State);
        Assert.True(leech.Progress.IsComplete);
        EngineTestData.AssertSameTree(source, Path.Combine(target, "payload"));
        Assert.True(leech.Statistics.DownloadedFromPeers >= torrent.PayloadSize);
        Assert.Equal(0, leech.Statistics.DownloadedFromWebSeeds);
        Assert.True(seed.Statistics.UploadedToPeers >= torrent.PayloadSize);
    }

    [Fact]
    public async Task Download_SeedDialsLeecher_Completes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 1024 * 1024, 11);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.Hybrid);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        var seed = await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var leech = await leechEngine.AddAsync(torrent, temp.Combine("out"), null, ct);
        seed.AddPeer(EngineTestData.EndPointOf(leechEngine));
        await EngineTestData.WaitAsync(leech);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task Download_FromMagnetLink_FetchesMetadataThenData(TorrentFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 1024 * 1024, 13);
        var torrent = await EngineTestData.CreateTorrentAsync(source, format);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var magnet = Publisher.Torrent.Metainfo.MagnetLink.Parse(torrent.ToMagnetLink().ToString());
        var options = new TorrentOptions { InitialPeers = [EngineTestData.EndPointOf(seedEngine)] };
        var leech = await leechEngine.AddAsync(magnet, temp.Combine("out"), options, ct);
        Assert.Equal(torrent.InfoHashes, leech.Torrent.InfoHashes);
        await EngineTestData.WaitAsync(leech);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }
}
