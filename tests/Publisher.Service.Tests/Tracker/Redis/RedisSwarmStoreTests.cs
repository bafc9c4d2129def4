using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;
using Publisher.Service.Tracker.Redis;

namespace Publisher.Service.Tests.Tracker.Redis;

public sealed class RedisSwarmStoreTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public RedisSwarmStoreTests(RedisServerFixture redis) => _redis = redis;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Announce_SecondPeer_GetsFirstAndCounts()
    {
        await using var store = CreateStore(new TrackerOptions(), new ManualTimeProvider());
        var selection = new PeerSelection(50);
        var hash = TrackerQuery.InfoHash(1);
        selection.Reset(50, PeerFamilies.Both);
        var first = await store.AnnounceAsync(hash, Announce(1, 6881, left: 0, AnnounceEvent.Started), selection, Token);
        Assert.Equal(new AnnounceOutcome(AnnounceStatus.Ok, 1, 0, 0), first);
        Assert.Equal(0, selection.Count);

        selection.Reset(50, PeerFamilies.Both);
        var second = await store.AnnounceAsync(hash, Announce(2, 6882, left: 10, AnnounceEvent.Started), selection, Token);
        Assert.Equal(new AnnounceOutcome(AnnounceStatus.Ok, 1, 1, 0), second);
        Assert.Equal(1, selection.IPv4Count);
        Assert.Equal(new byte[] { 10, 0, 0, 1, 0x1A, 0xE1 }, selection.IPv4Peers.ToArray());
    }

    [Fact]
    public async Task Announce_SeederAmongSeeders_GetsNoSeeders()
    {
        await using var store = CreateStore(new TrackerOptions(), new ManualTimeProvider());
        var selection = new PeerSelection(50);
        var hash = TrackerQuery.InfoHash(2);
        selection.Reset(50, PeerFamilies.Both);
        await store.AnnounceAsync(hash, Announce(1, 7000, left: 0, AnnounceEvent.Started), selection, Token);
        selection.Reset(50, PeerFamilies.Both);
        await store.AnnounceAsync(hash, Announce(2, 7000, left: 0, AnnounceEvent.Started), selection, Token);
        Assert.Equal(0, selection.Count);
        selection.Reset(50, PeerFamilies.Both);
        await store.AnnounceAsync(hash, Announce(3, 7000, left: 5, AnnounceEvent.Started), selection, Token);
        Assert.Equal(2, selection.Count);
    }

    [Fact]
    public async Task Announce_CompletedTwiceAndTransferDeltas_CountedOnceAndSummed()
    {
        await using var store = CreateStore(new TrackerOptions(), new ManualTimeProvider());
        var selection = new PeerSelection(50);
        var hash = TrackerQuery.InfoHash(3);
        selection.Reset(0, PeerFamilies.Both);
        await store.AnnounceAsync(hash, Announce(1, 7100, left: 100, AnnounceEvent.Started, uploaded: 10, downloaded: 20), selection, Token);
        await store.AnnounceAsync(hash, Announce(1, 7100, left: 0, AnnounceEvent.Completed, uploaded: 15, downloaded: 120), selection, Token);
        var again = await store.AnnounceAsync(hash, Announce(1, 7100, left: 0, AnnounceEvent.Completed, uploaded: 40, downloaded: 120), selection, Token);
        Assert.Equal(new AnnounceOutcome(AnnounceStatus.Ok, 1, 0, 1), again);

        var statistics = await store.GetSwarmAsync(hash, Token);
        Assert.Equal(new SwarmStatistics(hash, 1, 0, 1, 30, 100), statistics);
        var totals = await store.GetTotalsAsync(Token);
        Assert.Equal(new TrackerTotals(1, 1, 1, 30, 100), totals);
    }

    [Fact]
    public async Task Announce_Stopped_RemovesPeerAndUnknownSwarmStaysUnknown()
    {
        await using var store = CreateStore(new TrackerOptions(), new ManualTimeProvider());
        var selection = new PeerSelection(50);
        selection.Reset(0, PeerFamilies.Both);
        var unknown = await store.AnnounceAsync(TrackerQuery.InfoHash(40), Announce(1, 7200, left: 1, AnnounceEvent.Stopped), selection, Token);
        Assert.Equal(new AnnounceOutcome(AnnounceStatus.Ok, 0, 0, 0), unknown);
        Assert.Null(await store.GetSwarmAsync(TrackerQuery.InfoHash(40), Token));

        var hash = TrackerQuery.InfoHash(4);
        await store.AnnounceAsync(hash, Announce(1, 7200, left: 1, AnnounceEvent.Started), selection, Token);
        var stopped = await store.AnnounceAsync(hash, Announce(1, 7200, left: 1, AnnounceEvent.Stopped), selection, Token);
        Assert.Equal(new AnnounceOutcome(AnnounceStatus.Ok, 0, 0, 0), stopped);
        Assert.Equal(0, (await store.GetTotalsAsync(Token)).Peers);
    }

    [Fact]
    public async Task Sweep_AfterPeerTimeoutAndRetention_ForgetsPeersThenSwarm()
    {
        var time = new ManualTimeProvider();
        var options = new TrackerOptions { PeerTimeout = TimeSpan.FromMinutes(10), SwarmRetention = TimeSpan.FromHours(1) };
        await using var store = CreateStore(options, time);
        var selection = new PeerSelection(50);
        var hash = TrackerQuery.InfoHash(5);
        selection.Reset(0, PeerFamilies.Both);
        await store.AnnounceAsync(hash, Announce(1, 7300, left: 1, AnnounceEvent.Started), selection, Token);
        await store.AnnounceAsync(hash, Announce(2, 7300, left: 0, AnnounceEvent.Started), selection, Token);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await store.SweepAsync(Token));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(new SwarmStatistics(hash, 0, 0, 0, 0, 0), await store.GetSwarmAsync(hash, Token));
        Assert.Equal(2, await store.SweepAsync(Token));
        Assert.Equal(new TrackerTotals(1, 0, 0, 0, 0), await store.GetTotalsAsync(Token));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await store.SweepAsync(Token));
        Assert.Null(await store.GetSwarmAsync(hash, Token));
        Assert.Equal(0, (await store.GetTotalsAsync(Token)).Swarms);
    }

    [Fact]
    public async Task Announce_BeyondLimits_RefusesSwarmAndIgnoresExtraPeer()
    {
        await using var store = CreateStore(new TrackerOptions { MaxSwarms = 1, MaxPeersPerSwarm = 1 }, new ManualTimeProvider());
        var selection = new PeerSelection(50);
        selection.Reset(50, PeerFamilies.Both);
        await store.AnnounceAsync(TrackerQuery.InfoHash(6), Announce(1, 7400, left: 1, AnnounceEvent.Started), selection, Token);
        var full = await store.AnnounceAsync(TrackerQuery.InfoHash(7), Announce(1, 7400, left: 1, AnnounceEvent.Started), selection, Token);
        Assert.Equal(AnnounceStatus.SwarmLimitReached, full.Status);
        selection.Reset(50, PeerFamilies.Both);
        var extra = await store.AnnounceAsync(TrackerQuery.InfoHash(6), Announce(2, 7400, left: 1, AnnounceEvent.Started), selection, Token);
        Assert.Equal(new AnnounceOutcome(AnnounceStatus.Ok, 0, 1, 0), extra);
        Assert.Equal(1, selection.Count);
    }

    [Fact]
    public async Task Announce_IPv6Peer_RoundTripsEighteenBytes()
    {
        await using var store = CreateStore(new TrackerOptions(), new ManualTimeProvider());
        var selection = new PeerSelection(50);
        var hash = TrackerQuery.InfoHash(8);
        var address = System.Net.IPAddress.Parse("2001:db8::7").GetAddressBytes();
        selection.Reset(0, PeerFamilies.Both);
        await store.AnnounceAsync(hash, new PeerAnnounce(PeerEndpoint.FromIPv6(address, 443), 1, 0, 0, 0, AnnounceEvent.Started), selection, Token);
        selection.Reset(50, PeerFamilies.Both);
        await store.AnnounceAsync(hash, Announce(1, 7500, left: 1, AnnounceEvent.Started), selection, Token);
        Assert.Equal([.. address, 0x01, 0xBB], selection.IPv6Peers.ToArray());
    }

    [Fact]
    public async Task Announce_RedisDown_AnswersTryLaterWithoutThrowing()
    {
        var port = Publisher.TestSupport.LoopbackPort.GetFreeTcpPort();
        await using var store = CreateStore(new TrackerOptions(), new ManualTimeProvider(), "127.0.0.1:" + port);
        var selection = new PeerSelection(50);
        selection.Reset(50, PeerFamilies.Both);
        var outcome = await store.AnnounceAsync(TrackerQuery.InfoHash(9), Announce(1, 7600, left: 1, AnnounceEvent.Started), selection, Token);
        Assert.Equal(AnnounceStatus.StoreUnavailable, outcome.Status);
        Assert.Null(await store.GetSwarmAsync(TrackerQuery.InfoHash(9), Token));
        Assert.Equal(0, await store.SweepAsync(Token));
    }

    private static PeerAnnounce Announce(int host, int port, long left, AnnounceEvent announceEvent, long uploaded = 0, long downloaded = 0)
        => new(PeerEndpoint.FromIPv4(0x0A000000u + (uint)host, (ushort)port), 7, uploaded, downloaded, left, announceEvent);

    private RedisSwarmStore CreateStore(TrackerOptions options, TimeProvider time, string? connectionString = null)
    {
        connectionString ??= _redis.Require();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = connectionString })
            .Build();
        var redisOptions = new RedisSwarmOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N") + ":", ConnectTimeout = TimeSpan.FromSeconds(2) };
        return new RedisSwarmStore(Options.Create(options), Options.Create(redisOptions), configuration, time, NullLogger<RedisSwarmStore>.Instance);
    }
}
