using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;
using Publisher.Service.Tracker.Redis;

namespace Publisher.Service.Tests.Tracker.Redis;

/// <summary>Pipelining many announces over the pooled connections, and coming back after Redis drops them.</summary>
public sealed class RedisSwarmStoreConnectionTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public RedisSwarmStoreConnectionTests(RedisServerFixture redis) => _redis = redis;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Announce_300Concurrent_AllRecordedInOrderPerConnection()
    {
        await using var store = CreateStore(_redis.Require());
        var tasks = new Task<AnnounceOutcome>[300];
        for (var i = 0; i < tasks.Length; i++)
        {
            var peer = i;
            tasks[i] = Task.Run(async () =>
            {
                var selection = new PeerSelection(10);
                selection.Reset(10, PeerFamilies.Both);
                var outcome = await store.AnnounceAsync(TrackerQuery.InfoHash(peer % 3), Announce(peer), selection, Token);
                Assert.True(selection.Count <= 10);
                return outcome;
            }, Token);
        }

        var outcomes = await Task.WhenAll(tasks);
        Assert.All(outcomes, outcome => Assert.Equal(AnnounceStatus.Ok, outcome.Status));
        var totals = await store.GetTotalsAsync(Token);
        Assert.Equal(new TrackerTotals(3, 300, 0, 0, 0), totals);
        Assert.Equal(100, (await store.GetSwarmAsync(TrackerQuery.InfoHash(1), Token))!.Value.Leechers);
    }

    [Fact]
    public async Task Announce_AfterRedisKillsConnections_Reconnects()
    {
        var connectionString = _redis.Require();
        await using var store = CreateStore(connectionString);
        var selection = new PeerSelection(10);
        selection.Reset(10, PeerFamilies.Both);
        Assert.Equal(AnnounceStatus.Ok, (await store.AnnounceAsync(TrackerQuery.InfoHash(50), Announce(1), selection, Token)).Status);

        RedisEndpoint.TryParse(connectionString, out var endpoint, out _);
        await using (var admin = new RedisClient(endpoint!, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)))
        {
            var killed = await admin.ExecuteAsync(new RespRequest(4).Add("CLIENT").Add("KILL").Add("TYPE").Add("normal"), Token);
            Assert.True(killed.AsInt64() >= 1);
        }

        // A command already on a dropped connection fails (it is never retried); the next ones reconnect.
        var ok = 0;
        for (var attempt = 0; attempt < 6 && ok < 2; attempt++)
        {
            selection.Reset(10, PeerFamilies.Both);
            var outcome = await store.AnnounceAsync(TrackerQuery.InfoHash(50), Announce(2 + attempt), selection, Token);
            ok += outcome.Status == AnnounceStatus.Ok ? 1 : 0;
        }

        Assert.Equal(2, ok);
        Assert.NotNull(await store.GetSwarmAsync(TrackerQuery.InfoHash(50), Token));
    }

    private static PeerAnnounce Announce(int peer)
        => new(PeerEndpoint.FromIPv4(0x0A000000u + (uint)peer, 6881), 1, 0, 0, 1, AnnounceEvent.Started);

    private static RedisSwarmStore CreateStore(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = connectionString })
            .Build();
        var redisOptions = new RedisSwarmOptions { KeyPrefix = "c" + Guid.NewGuid().ToString("N") + ":" };
        return new RedisSwarmStore(Options.Create(new TrackerOptions()), Options.Create(redisOptions), configuration, new ManualTimeProvider(), NullLogger<RedisSwarmStore>.Instance);
    }
}
