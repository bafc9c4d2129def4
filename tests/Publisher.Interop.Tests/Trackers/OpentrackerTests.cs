using System.Net;
using Publisher.Torrent;
using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Interop.Tests.Trackers;

/// <summary>Our tracker client (HTTP, UDP, tiers) against a real opentracker on loopback.</summary>
public sealed class OpentrackerTests : IAsyncLifetime
{
    private OpentrackerFixture? _tracker;
    private TrackerClient? _client;

    private OpentrackerFixture Tracker => _tracker!;

    private TrackerClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _tracker = await OpentrackerFixture.StartAsync(6, TestContext.Current.CancellationToken);
        _client = new TrackerClient(new TrackerClientOptions { HttpTimeout = TimeSpan.FromSeconds(10), UdpRetryBase = TimeSpan.FromSeconds(2), UdpMaxRetransmissions = 2 });
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_tracker is not null)
        {
            await _tracker.DisposeAsync();
        }
    }

    private static AnnounceRequest Request(byte[] infoHash, int peer, long left) => new()
    {
        InfoHash = infoHash,
        PeerId = System.Text.Encoding.ASCII.GetBytes($"-PB0001-{peer:D12}"),
        Port = 40000 + peer,
        Left = left,
        Event = TrackerEvent.Started,
        Key = (uint)peer,
    };

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task AnnounceAsync_TwoPeers_SecondFindsTheFirst(string scheme)
    {
        var token = TestContext.Current.CancellationToken;
        var url = scheme == "http" ? Tracker.HttpAnnounce : Tracker.UdpAnnounce;
        var hash = Tracker.WhitelistedHashes[scheme == "http" ? 0 : 1];

        var first = await Client.AnnounceAsync(url, Request(hash, 1, 0), token);
        var second = await Client.AnnounceAsync(url, Request(hash, 2, 1000), token);

        Assert.True(first.IsSuccess, first + "\n" + Tracker.Output);
        Assert.True(second.IsSuccess, second + "\n" + Tracker.Output);
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 40001), second.Peers.Select(p => p.EndPoint));
        Assert.Equal((1, 1), (second.Seeders, second.Leechers));
        Assert.True(second.Interval >= ProtocolLimits.MinTrackerInterval);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task ScrapeAsync_AfterAnnounces_CountsSeedersAndLeechers(string scheme)
    {
        var token = TestContext.Current.CancellationToken;
        var url = scheme == "http" ? Tracker.HttpAnnounce : Tracker.UdpAnnounce;
        var hash = Tracker.WhitelistedHashes[scheme == "http" ? 2 : 3];
        await Client.AnnounceAsync(url, Request(hash, 1, 0), token);
        await Client.AnnounceAsync(url, Request(hash, 2, 500), token);
        await Client.AnnounceAsync(url, Request(hash, 3, 500), token);

        var result = await Client.ScrapeAsync(url, [hash, Tracker.WhitelistedHashes[5]], token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal((1, 2), (result.Entries[0].Seeders, result.Entries[0].Leechers));
        Assert.Equal((0, 0), (result.Entries[1].Seeders, result.Entries[1].Leechers));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task AnnounceAsync_HashNotWhitelisted_IsRejectedWithTheTrackersReason(string scheme)
    {
        var url = scheme == "http" ? Tracker.HttpAnnounce : Tracker.UdpAnnounce;
        var unknown = new byte[20];
        Random.Shared.NextBytes(unknown);

        var result = await Client.AnnounceAsync(url, Request(unknown, 1, 10), TestContext.Current.CancellationToken);

        // Over HTTP opentracker gives its failure reason; over UDP it sends an announce reply of just the header.
        Assert.Equal(TrackerFailure.Rejected, result.Failure);
        Assert.Contains(scheme == "http" ? "not authorized" : "does not serve", result.FailureReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TrackerSession_DeadFirstTier_FindsPeersThroughOpentracker()
    {
        var token = TestContext.Current.CancellationToken;
        var hash = Tracker.WhitelistedHashes[4];
        await Client.AnnounceAsync(Tracker.UdpAnnounce, Request(hash, 7, 0), token);
        var deadPort = Publisher.TestSupport.LoopbackPort.GetFreeTcpPort();
        using var session = new TrackerSession(
            [[new Uri($"http://127.0.0.1:{deadPort}/announce")], [Tracker.UdpAnnounce, Tracker.HttpAnnounce]],
            Client,
            new TrackerSessionOptions { InfoHash = hash, PeerId = "-PB0001-000000000008"u8.ToArray(), Port = 40008 },
            () => new AnnounceProgress(0, 0, 100));
        var found = new List<TrackerPeer>();
        session.PeersReceived += (_, e) => found.AddRange(e.Peers);

        var result = await session.AnnounceAsync(TrackerEvent.None, token);
        await session.StopAsync(token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 40007), found.Select(p => p.EndPoint));
        var status = session.GetStatus();
        Assert.Equal(TrackerFailure.Unreachable, status[0].LastFailure);
        Assert.Equal(0, status[1].ConsecutiveFailures);
        Assert.NotNull(status[1].LastAnnounce);
    }
}
