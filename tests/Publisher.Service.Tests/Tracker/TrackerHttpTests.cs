using System.Buffers.Binary;
using System.Net;
using System.Text;
using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class TrackerHttpTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    internal static async Task<Dictionary<string, object>> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Bencode.DecodeDictionary(await response.Content.ReadAsByteArrayAsync(Token));
    }

    internal static string Failure(Dictionary<string, object> answer)
    {
        Assert.True(answer.ContainsKey("failure reason"), "expected a failure reason, got keys: " + string.Join(",", answer.Keys));
        return Encoding.UTF8.GetString((byte[])answer["failure reason"]);
    }

    private static List<IPEndPoint> CompactPeers(byte[] data, int size)
    {
        var peers = new List<IPEndPoint>();
        for (var offset = 0; offset < data.Length; offset += size)
        {
            var address = new IPAddress(data.AsSpan(offset, size - 2));
            peers.Add(new IPEndPoint(address, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset + size - 2))));
        }

        return peers;
    }

    [Fact]
    public async Task Announce_SecondPeer_GetsFirstInCompactList()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        var first = await GetAsync(server.Client, TrackerQuery.Announce(1, 6881, left: 0, extra: "&event=started"));
        Assert.Empty((byte[])first["peers"]);
        Assert.Equal(1L, first["complete"]);

        var second = await GetAsync(server.Client, TrackerQuery.Announce(1, 6882, extra: "&event=started"));
        var peers = CompactPeers((byte[])second["peers"], 6);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 6881)], peers);
        Assert.Equal(1L, second["complete"]);
        Assert.Equal(1L, second["incomplete"]);
        Assert.InRange((long)second["interval"], 1800, 1980);
        Assert.Equal(300L, second["min interval"]);
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Announce_NonCompact_ReturnsDictionaries()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        await GetAsync(server.Client, TrackerQuery.Announce(2, 7001));
        var answer = await GetAsync(server.Client, TrackerQuery.Announce(2, 7002).Replace("compact=1", "compact=0", StringComparison.Ordinal));
        var peer = (Dictionary<string, object>)Assert.Single((List<object>)answer["peers"]);
        Assert.Equal("127.0.0.1", Encoding.ASCII.GetString((byte[])peer["ip"]));
        Assert.Equal(7001L, peer["port"]);
    }

    [Fact]
    public async Task Announce_OverIPv6_ReturnsPeers6()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, ipv6: true);
        using var ipv6 = new HttpClient { BaseAddress = server.IPv6BaseAddress };
        await GetAsync(ipv6, TrackerQuery.Announce(3, 7101));
        await GetAsync(server.Client, TrackerQuery.Announce(3, 7102));
        var answer = await GetAsync(ipv6, TrackerQuery.Announce(3, 7103));
        Assert.Equal([new IPEndPoint(IPAddress.IPv6Loopback, 7101)], CompactPeers((byte[])answer["peers6"], 18));
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 7102)], CompactPeers((byte[])answer["peers"], 6));
    }

    [Fact]
    public async Task Announce_Stopped_RemovesPeer()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        await GetAsync(server.Client, TrackerQuery.Announce(4, 7201));
        var stopped = await GetAsync(server.Client, TrackerQuery.Announce(4, 7201, extra: "&event=stopped"));
        Assert.Empty((byte[])stopped["peers"]);
        var other = await GetAsync(server.Client, TrackerQuery.Announce(4, 7202));
        Assert.Empty((byte[])other["peers"]);
        Assert.Equal(1L, other["incomplete"]);
    }

    [Fact]
    public async Task Announce_NumWantAboveMaximum_IsCapped()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, new Dictionary<string, string?> { ["Publisher:Tracker:NumWantMax"] = "5", ["Publisher:Tracker:NumWantDefault"] = "3" });
        for (var port = 7301; port <= 7310; port++)
        {
            await GetAsync(server.Client, TrackerQuery.Announce(5, port));
        }

        var capped = await GetAsync(server.Client, TrackerQuery.Announce(5, 7311, extra: "&numwant=1000"));
        Assert.Equal(5, ((byte[])capped["peers"]).Length / 6);
        var defaulted = await GetAsync(server.Client, TrackerQuery.Announce(5, 7312));
        Assert.Equal(3, ((byte[])defaulted["peers"]).Length / 6);
        var none = await GetAsync(server.Client, TrackerQuery.Announce(5, 7313, extra: "&numwant=0"));
        Assert.Empty((byte[])none["peers"]);
    }

    [Fact]
    public async Task Announce_CompletedAndTransferDeltas_AreCountedOnce()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        var query = "/announce?info_hash=" + TrackerQuery.Encode(TrackerQuery.Hash(6)) + "&peer_id=" + TrackerQuery.Encode(TrackerQuery.Hash(7)) + "&port=7401&compact=1";
        await GetAsync(server.Client, query + "&key=abc&uploaded=100&downloaded=1000&left=500&event=started");
        await GetAsync(server.Client, query + "&key=abc&uploaded=300&downloaded=1500&left=0&event=completed");
        await GetAsync(server.Client, query + "&key=abc&uploaded=400&downloaded=1500&left=0&event=completed");
        await GetAsync(server.Client, query + "&key=other&uploaded=50&downloaded=0&left=0");

        var statistics = server.GetService<ITrackerStatistics>();
        var swarm = await statistics.GetSwarmAsync(TrackerQuery.InfoHash(6), Token);
        Assert.NotNull(swarm);
        Assert.Equal(1, swarm.Value.Seeders);
        Assert.Equal(0, swarm.Value.Leechers);
        Assert.Equal(1, swarm.Value.Completed);
        Assert.Equal(300, swarm.Value.Uploaded);
        Assert.Equal(500, swarm.Value.Downloaded);
        var totals = await statistics.GetTotalsAsync(Token);
        Assert.Equal(300, totals.Uploaded);
        Assert.Equal(1, totals.Peers);

        var scrape = await GetAsync(server.Client, TrackerQuery.Scrape(6));
        var files = (Dictionary<string, object>)scrape["files"];
        var entry = (Dictionary<string, object>)Assert.Single(files.Values);
        Assert.Equal(1L, entry["complete"]);
        Assert.Equal(1L, entry["downloaded"]);
        Assert.Equal(0L, entry["incomplete"]);
    }

    [Fact]
    public async Task Scrape_SeveralHashes_SortedWithZerosForUnknown()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        await GetAsync(server.Client, TrackerQuery.Announce(8, 7501));
        await GetAsync(server.Client, TrackerQuery.Announce(9, 7502, left: 0));
        var scrape = await GetAsync(server.Client, TrackerQuery.Scrape(9, 8, 10, 8));
        var files = (Dictionary<string, object>)scrape["files"];
        Assert.Equal(3, files.Count);
        var eight = (Dictionary<string, object>)files[Encoding.Latin1.GetString(TrackerQuery.Hash(8))];
        Assert.Equal(1L, eight["incomplete"]);
        var nine = (Dictionary<string, object>)files[Encoding.Latin1.GetString(TrackerQuery.Hash(9))];
        Assert.Equal(1L, nine["complete"]);
        var ten = (Dictionary<string, object>)files[Encoding.Latin1.GetString(TrackerQuery.Hash(10))];
        Assert.Equal(0L, ten["complete"]);
    }

    [Fact]
    public async Task Announce_PeerSilentPastTimeout_IsSweptAway()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TrackerTestServer.StartAsync(Token, timeProvider: clock);
        await GetAsync(server.Client, TrackerQuery.Announce(11, 7601));
        clock.Advance(TimeSpan.FromMinutes(30));
        await GetAsync(server.Client, TrackerQuery.Announce(11, 7602));
        clock.Advance(TimeSpan.FromMinutes(20));
        var removed = await server.GetService<ISwarmStore>().SweepAsync(Token);
        Assert.Equal(1, removed);
        var answer = await GetAsync(server.Client, TrackerQuery.Announce(11, 7603));
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 7602)], CompactPeers((byte[])answer["peers"], 6));
    }

    [Fact]
    public async Task Announce_ForwardedFor_BelievedOnlyFromTrustedProxy()
    {
        await using (var untrusted = await TrackerTestServer.StartAsync(Token))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, TrackerQuery.Announce(12, 7701));
            request.Headers.Add("X-Forwarded-For", "10.1.2.3");
            (await untrusted.Client.SendAsync(request, Token)).Dispose();
            var answer = await GetAsync(untrusted.Client, TrackerQuery.Announce(12, 7702));
            Assert.Equal([new IPEndPoint(IPAddress.Loopback, 7701)], CompactPeers((byte[])answer["peers"], 6));
        }

        await using var trusted = await TrackerTestServer.StartAsync(Token, new Dictionary<string, string?> { ["Publisher:Tracker:TrustedProxies:0"] = "127.0.0.1" });
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, TrackerQuery.Announce(12, 7701));
        forwarded.Headers.Add("X-Forwarded-For", "10.9.9.9, 10.1.2.3");
        (await trusted.Client.SendAsync(forwarded, Token)).Dispose();
        var seen = await GetAsync(trusted.Client, TrackerQuery.Announce(12, 7702));
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7701)], CompactPeers((byte[])seen["peers"], 6));
    }

    [Fact]
    public async Task Announce_RegisteredMode_RefusesUnknownInfoHash()
    {
        var registry = new FakeTorrentRegistry();
        registry.Publish(TrackerQuery.InfoHash(13));
        await using var server = await TrackerTestServer.StartAsync(Token, new Dictionary<string, string?> { ["Publisher:Tracker:Access"] = "registered" }, registry);
        Assert.Equal("unregistered torrent", Failure(await GetAsync(server.Client, TrackerQuery.Announce(14, 7801))));
        Assert.True((await GetAsync(server.Client, TrackerQuery.Announce(13, 7801))).ContainsKey("peers"));
        var scrape = await GetAsync(server.Client, TrackerQuery.Scrape(13, 14));
        var files = (Dictionary<string, object>)scrape["files"];
        Assert.Equal(1L, ((Dictionary<string, object>)files[Encoding.Latin1.GetString(TrackerQuery.Hash(13))])["incomplete"]);
        Assert.Equal(0L, ((Dictionary<string, object>)files[Encoding.Latin1.GetString(TrackerQuery.Hash(14))])["incomplete"]);
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Announce_ReleaseOverridesOpenModeToEntitled_NeedsToken()
    {
        var registry = new FakeTorrentRegistry();
        registry.Publish(TrackerQuery.InfoHash(15), TrackerAccessMode.Entitled);
        await using var server = await TrackerTestServer.StartAsync(Token, registry: registry);
        Assert.Equal("this torrent needs a download token", Failure(await GetAsync(server.Client, TrackerQuery.Announce(15, 7901))));
        Assert.True((await GetAsync(server.Client, TrackerQuery.Announce(16, 7901))).ContainsKey("peers"));
    }

    [Fact]
    public void WriteCompact_WidestNumbers_FitsTheBound()
    {
        var selection = new PeerSelection(1);
        selection.Reset(1, PeerFamilies.Both);
        selection.TryAdd(0, 0x0000_FFFF_7F00_0001UL, 6881);
        var outcome = new AnnounceOutcome(AnnounceStatus.Ok, int.MaxValue, int.MaxValue, long.MaxValue);
        var buffer = new byte[TrackerResponses.MaxCompactLength(selection)];
        var length = TrackerResponses.WriteCompact(buffer, outcome, int.MaxValue, int.MaxValue, selection);
        var answer = Bencode.DecodeDictionary(buffer[..length]);
        Assert.Equal(long.MaxValue, answer["downloaded"]);
        var nonCompact = new byte[TrackerResponses.MaxNonCompactLength(selection)];
        Assert.InRange(TrackerResponses.WriteNonCompact(nonCompact, outcome, int.MaxValue, int.MaxValue, selection), 1, nonCompact.Length);
    }
}
