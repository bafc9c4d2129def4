using System.Buffers.Binary;
using System.Net;
using System.Text;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Tracker.Redis;

/// <summary>Two real tracker hosts on one Redis: the point of the shared store.</summary>
public sealed class RedisTrackerTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public RedisTrackerTests(RedisServerFixture redis) => _redis = redis;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Announce_PeerAnnouncedToInstanceA_IsReturnedByInstanceB()
    {
        var settings = Settings(_redis.Require(), "two" + Guid.NewGuid().ToString("N") + ":");
        await using var a = await TrackerTestServer.StartAsync(Token, settings);
        await using var b = await TrackerTestServer.StartAsync(Token, settings);

        var first = await GetAsync(a.Client, TrackerQuery.Announce(21, 6881, left: 0, extra: "&event=started"));
        Assert.Empty((byte[])first["peers"]);
        Assert.Equal(1L, first["complete"]);

        var second = await GetAsync(b.Client, TrackerQuery.Announce(21, 6882, extra: "&event=started"));
        var peers = (byte[])second["peers"];
        Assert.Equal(6, peers.Length);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6881), new IPEndPoint(new IPAddress(peers.AsSpan(0, 4)), BinaryPrimitives.ReadUInt16BigEndian(peers.AsSpan(4))));
        Assert.Equal(1L, second["complete"]);
        Assert.Equal(1L, second["incomplete"]);

        var scrape = Tracker.Bencode.DecodeDictionary(await a.Client.GetByteArrayAsync(TrackerQuery.Scrape(21), Token));
        var file = (Dictionary<string, object>)Assert.Single((Dictionary<string, object>)scrape["files"]).Value;
        Assert.Equal(1L, file["incomplete"]);
        Assert.Empty(a.Logs.Problems());
        Assert.Empty(b.Logs.Problems());
    }

    [Fact]
    public async Task Announce_RedisDown_AnswersBencodedFailure()
    {
        var settings = Settings("127.0.0.1:" + LoopbackPort.GetFreeTcpPort(), "down:");
        await using var server = await TrackerTestServer.StartAsync(Token, settings);
        var answer = await GetAsync(server.Client, TrackerQuery.Announce(22, 6883, extra: "&event=started"));
        Assert.True(answer.ContainsKey("failure reason"));
        Assert.Equal("tracker storage is unavailable, try again later", Encoding.UTF8.GetString((byte[])answer["failure reason"]));
    }

    [Theory]
    [InlineData("Redis", "", "ConnectionStrings:Redis")]
    [InlineData("Redis", "127.0.0.1:notaport", "ConnectionStrings:Redis")]
    [InlineData("Cassandra", "127.0.0.1:6379", "Memory or Redis")]
    public async Task Start_BadSwarmConfiguration_FailsNamingTheSetting(string provider, string connectionString, string expected)
    {
        var settings = Settings(connectionString, "bad:");
        settings["Publisher:Swarm:Provider"] = provider;
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TrackerTestServer.StartAsync(Token, settings));
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(string connectionString, string prefix) => new()
    {
        ["Publisher:Swarm:Provider"] = "Redis",
        ["Publisher:Swarm:KeyPrefix"] = prefix,
        ["ConnectionStrings:Redis"] = connectionString,
    };

    private static async Task<Dictionary<string, object>> GetAsync(HttpClient client, string path)
        => Tracker.Bencode.DecodeDictionary(await client.GetByteArrayAsync(path, Token));
}
