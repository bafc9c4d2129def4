using System.Net;
using System.Text;
using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class HttpTrackerClientTests
{
    private static FakeHttpTracker.Reply Ok(HttpListenerRequest request) => new(200, [.. "d8:intervali900e5:peers6:"u8, 127, 0, 0, 1, 0x1A, 0xE1, (byte)'e']);

    [Fact]
    public async Task AnnounceAsync_RealHttpServer_SendsTheEncodedQueryAndParsesThePeers()
    {
        await using var tracker = new FakeHttpTracker(Ok);
        using var client = new TrackerClient();

        var result = await client.AnnounceAsync(new Uri(tracker.BaseUrl + "/announce?token=t1"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6881), Assert.Single(result.Peers).EndPoint);
        Assert.StartsWith("/announce?token=t1&info_hash=%00%FF%26%25%20%2F%3F%3DAz-._~%80%7F%2B%23%12%AB&peer_id=", Assert.Single(tracker.RawUrls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnounceAsync_FailureReasonWithErrorStatus_IsRejectedWithTheReason()
    {
        await using var tracker = new FakeHttpTracker(_ => new FakeHttpTracker.Reply(400, "d14:failure reason7:invalide"u8.ToArray()));
        using var client = new TrackerClient();

        var result = await client.AnnounceAsync(new Uri(tracker.BaseUrl + "/announce"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.Rejected, result.Failure);
        Assert.Equal("invalid", result.FailureReason);
    }

    [Fact]
    public async Task AnnounceAsync_ServerDroppedThePooledConnection_RetriesOnAFreshOne()
    {
        await using var server = new OneShotHttpServer([.. "d8:intervali900e5:peers6:"u8, 127, 0, 0, 1, 0x1A, 0xE1, (byte)'e']);
        using var client = new TrackerClient();
        var token = TestContext.Current.CancellationToken;

        var first = await client.AnnounceAsync(server.Url, TrackerTestData.Request(), token);
        var second = await client.AnnounceAsync(server.Url, TrackerTestData.Request(TrackerEvent.None), token);

        Assert.True(first.IsSuccess, first.ToString());
        Assert.True(second.IsSuccess, second.ToString());
        // The second announce went out on the dead connection first (reset, unread), then on a new one.
        Assert.Equal((2, 2), (server.Connections, server.Requests));
    }

    [Fact]
    public async Task AnnounceAsync_NotFoundPage_IsUnreachable()
    {
        await using var tracker = new FakeHttpTracker(_ => new FakeHttpTracker.Reply(404, "<html>nope</html>"u8.ToArray()));
        using var client = new TrackerClient();

        var result = await client.AnnounceAsync(new Uri(tracker.BaseUrl + "/announce"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.Unreachable, result.Failure);
        Assert.Contains("404", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnnounceAsync_OversizedReply_IsRejectedWithLengthOrWithout(bool chunked)
    {
        var huge = new byte[ProtocolLimits.MaxTrackerResponseBytes + 1];
        await using var tracker = new FakeHttpTracker(_ => new FakeHttpTracker.Reply(200, huge, chunked));
        using var client = new TrackerClient();

        var result = await client.AnnounceAsync(new Uri(tracker.BaseUrl + "/announce"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.ResponseTooLarge, result.Failure);
    }

    [Fact]
    public async Task AnnounceAsync_ServerNeverAnswers_TimesOutOnTheInjectedClock()
    {
        var time = new ManualTimeProvider();
        await using var tracker = new FakeHttpTracker(_ => null);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = time, HttpTimeout = TimeSpan.FromSeconds(30) });
        var token = TestContext.Current.CancellationToken;

        var announce = client.AnnounceAsync(new Uri(tracker.BaseUrl + "/announce"), TrackerTestData.Request(), token).AsTask();
        await time.WaitForTimersAsync(1, token);
        time.Advance(TimeSpan.FromSeconds(30));
        var result = await announce.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.Equal(TrackerFailure.Timeout, result.Failure);
    }

    [Fact]
    public async Task AnnounceAsync_NothingListens_IsUnreachable()
    {
        var port = Publisher.TestSupport.LoopbackPort.GetFreeTcpPort();
        using var client = new TrackerClient();

        var result = await client.AnnounceAsync(new Uri($"http://127.0.0.1:{port}/announce"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.Unreachable, result.Failure);
    }

    [Fact]
    public async Task ScrapeAsync_AnnounceUrl_UsesTheBep48ScrapeUrl()
    {
        var body = new List<byte>("d5:filesd20:"u8.ToArray());
        body.AddRange(TrackerTestData.InfoHash);
        body.AddRange("d8:completei2e10:downloadedi5e10:incompletei1eeee"u8.ToArray());
        await using var tracker = new FakeHttpTracker(_ => new FakeHttpTracker.Reply(200, [.. body]));
        using var client = new TrackerClient();

        var result = await client.ScrapeAsync(new Uri(tracker.BaseUrl + "/t/announce?token=x"), [TrackerTestData.InfoHash], TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal((2, 5, 1), (result.Entries[0].Seeders, result.Entries[0].Completed, result.Entries[0].Leechers));
        Assert.StartsWith("/t/scrape?token=x&info_hash=%00%FF", Assert.Single(tracker.RawUrls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScrapeAsync_NoAnnounceSegment_IsNotScrapableWithoutARequest()
    {
        using var client = new TrackerClient();

        var result = await client.ScrapeAsync(new Uri("http://127.0.0.1:1/tracker"), [TrackerTestData.InfoHash], TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.NotScrapable, result.Failure);
    }

    [Fact]
    public async Task AnnounceAsync_UnknownScheme_IsAFailureValue()
    {
        using var client = new TrackerClient();

        var result = await client.AnnounceAsync(new Uri("wss://tracker.example/announce"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.UnsupportedScheme, result.Failure);
    }

    [Fact]
    public async Task AnnounceAsync_BadRequest_ThrowsForMisuse()
    {
        using var client = new TrackerClient();
        var request = TrackerTestData.Request() with { InfoHash = new byte[19] };

        await Assert.ThrowsAsync<ArgumentException>(async () => await client.AnnounceAsync(new Uri("http://127.0.0.1:1/announce"), request, TestContext.Current.CancellationToken));
    }
}
