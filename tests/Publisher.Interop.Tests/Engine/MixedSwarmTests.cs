using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>
/// Three-peer swarms mixing our engine and libtorrent on loopback, 64 MiB: the seed's upload is capped so neither
/// leecher can get everything from it in time, all three know each other, and the leechers trade pieces both ways.
/// </summary>
public sealed class MixedSwarmTests
{
    private const long PayloadSize = 64L * 1024 * 1024;
    private const int SeedUploadCap = 6 * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task LibtorrentSeed_OurLeecherAndLibtorrentLeecher_BothCompleteAndUploadToEachOther()
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await LibtorrentSwarmTests.CreateAsync(temp, TorrentFormat.Hybrid, PayloadSize);
        await using var seed = await LibtorrentPeer.StartAsync(temp, "seed", torrentPath, temp.Path, $"--up={SeedUploadCap}");
        await seed.WaitSeedingAsync(Timeout);
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        var ours = await engine.AddAsync(torrent, temp.Combine("ours"), null, ct);
        await using var leecher = await LibtorrentPeer.StartAsync(temp, "leech", torrentPath, temp.Combine("lt"), $"127.0.0.1:{seed.Port}", $"127.0.0.1:{engine.LocalEndPoint.Port}", "--stats=1");
        ours.AddPeer(new IPEndPoint(IPAddress.Loopback, seed.Port));
        ours.AddPeer(new IPEndPoint(IPAddress.Loopback, leecher.Port));

        var exchanged = await CompleteWatchingPeersAsync(ours);
        await leecher.WaitSeedingAsync(Timeout);

        LibtorrentSwarmTests.AssertSameTree(source, temp.Combine("ours", "payload"));
        LibtorrentSwarmTests.AssertSameTree(source, temp.Combine("lt", "payload"));
        AssertTradedWithLibtorrentLeecher(exchanged);
        var stats = await leecher.ReadStatsAsync(TimeSpan.FromSeconds(30));
        var us = stats.PeerWithIdPrefix(engine.Options.PeerIdPrefix);
        Assert.True(us is not null, "libtorrent's leecher is connected to ours");

        TestContext.Current.TestOutputHelper?.WriteLine($"ours uploaded {ours.Statistics.UploadedToPeers}, downloaded {ours.Statistics.DownloadedFromPeers}; libtorrent leecher to ours {us.Uploaded}, from ours {us.Downloaded}");

        // Ours uploaded, and the only peer that downloads is the libtorrent leecher; libtorrent confirms both ways.
        Assert.True(ours.Statistics.UploadedToPeers > 0, "ours uploaded to the libtorrent leecher");
        Assert.True(us.Downloaded > 0, $"libtorrent downloaded from ours: {us}");
        Assert.True(us.Uploaded > 0, $"libtorrent uploaded to ours: {us}");
    }

    [Fact]
    public async Task OurSeed_OurLeecherAndLibtorrentLeecher_BothCompleteAndUploadToEachOther()
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await LibtorrentSwarmTests.CreateAsync(temp, TorrentFormat.Hybrid, PayloadSize);
        await using var seedEngine = LibtorrentSwarmTests.LoopbackEngine();
        await using var leechEngine = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0), PeerIdPrefix = "-PBLEECH-" });
        var seed = await seedEngine.AddAsync(torrent, temp.Path, new TorrentOptions { MaxUploadBytesPerSecond = SeedUploadCap }, ct);
        var ours = await leechEngine.AddAsync(torrent, temp.Combine("ours"), null, ct);
        await using var leecher = await LibtorrentPeer.StartAsync(temp, "leech", torrentPath, temp.Combine("lt"), $"127.0.0.1:{seedEngine.LocalEndPoint.Port}", $"127.0.0.1:{leechEngine.LocalEndPoint.Port}", "--stats=1");
        ours.AddPeer(new IPEndPoint(IPAddress.Loopback, seedEngine.LocalEndPoint.Port));
        ours.AddPeer(new IPEndPoint(IPAddress.Loopback, leecher.Port));

        var exchanged = await CompleteWatchingPeersAsync(ours);
        await leecher.WaitSeedingAsync(Timeout);

        LibtorrentSwarmTests.AssertSameTree(source, temp.Combine("ours", "payload"));
        LibtorrentSwarmTests.AssertSameTree(source, temp.Combine("lt", "payload"));
        AssertTradedWithLibtorrentLeecher(exchanged);
        var stats = await leecher.ReadStatsAsync(TimeSpan.FromSeconds(30));
        var us = stats.PeerWithIdPrefix("-PBLEECH-");
        Assert.True(us is not null, "libtorrent's leecher is connected to our leecher");
        TestContext.Current.TestOutputHelper?.WriteLine($"seed uploaded {seed.Statistics.UploadedToPeers}; our leecher uploaded {ours.Statistics.UploadedToPeers}; libtorrent leecher to ours {us.Uploaded}, from ours {us.Downloaded}");
        Assert.True(us.Downloaded > 0, $"libtorrent downloaded from our leecher: {us}");
        Assert.True(us.Uploaded > 0, $"libtorrent uploaded to our leecher: {us}");
        Assert.True(ours.Statistics.UploadedToPeers > 0, "our leecher uploaded");

        // With the seed capped, the leechers together took more than the seed sent: they fed each other.
        Assert.True(seed.Statistics.UploadedToPeers < 2 * PayloadSize, $"seed uploaded {seed.Statistics.UploadedToPeers}");
    }

    /// <summary>
    /// Waits for <paramref name="handle"/> to complete, sampling its peers meanwhile (connections between two finished
    /// peers close, so the last sample before that is kept): the most bytes seen per peer id, both directions.
    /// </summary>
    private static async Task<Dictionary<string, PeerStatistics>> CompleteWatchingPeersAsync(TorrentHandle handle)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Timeout);
        var seen = new Dictionary<string, PeerStatistics>(StringComparer.Ordinal);
        var completion = handle.WaitForCompletionAsync(limit.Token);
        while (!completion.IsCompleted)
        {
            Record(handle, seen);
            await Task.WhenAny(completion, Task.Delay(100, limit.Token));
        }

        await completion;
        Record(handle, seen);
        return seen;
    }

    private static void Record(TorrentHandle handle, Dictionary<string, PeerStatistics> seen)
    {
        foreach (var peer in handle.GetPeers())
        {
            if (!seen.TryGetValue(peer.PeerId, out var before) || peer.Downloaded + peer.Uploaded > before.Downloaded + before.Uploaded)
            {
                seen[peer.PeerId] = peer;
            }
        }
    }

    /// <summary>Our side: a libtorrent peer we uploaded to (so not the seed) that we also downloaded from.</summary>
    private static void AssertTradedWithLibtorrentLeecher(Dictionary<string, PeerStatistics> exchanged)
    {
        var summary = string.Join("; ", exchanged.Values.Select(p => $"{p.Client} down {p.Downloaded} up {p.Uploaded}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"our leecher's peers: {summary}");
        Assert.Contains(exchanged.Values, p => p.Client.StartsWith("-LT", StringComparison.Ordinal) && p.Uploaded > 0 && p.Downloaded > 0);
    }
}
