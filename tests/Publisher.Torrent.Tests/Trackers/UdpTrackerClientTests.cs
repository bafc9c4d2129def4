using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class UdpTrackerClientTests
{
    private const ulong ConnectionId = 0x0123456789ABCDEF;

    private static readonly byte[] OnePeer = [127, 0, 0, 2, 0x1A, 0xE2];

    private static byte[]? Answer(byte[] request, int index) => FakeUdpTracker.ActionOf(request) switch
    {
        0 => FakeUdpTracker.ConnectReply(request, ConnectionId),
        1 when BinaryPrimitives.ReadUInt64BigEndian(request) == ConnectionId => FakeUdpTracker.AnnounceReply(request, 1800, 4, 5, OnePeer),
        2 => ScrapeReply(request),
        _ => FakeUdpTracker.ErrorReply(request, "bad connection id"),
    };

    private static byte[] ScrapeReply(byte[] request)
    {
        var count = (request.Length - 16) / 20;
        var reply = new byte[8 + (12 * count)];
        BinaryPrimitives.WriteInt32BigEndian(reply, 2);
        request.AsSpan(12, 4).CopyTo(reply.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(8 + (12 * i)), 10 + i);
            BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(12 + (12 * i)), 20 + i);
            BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(16 + (12 * i)), 30 + i);
        }

        return reply;
    }

    [Fact]
    public async Task AnnounceAsync_ConnectThenAnnounce_ReturnsPeersAndCarriesUrlData()
    {
        await using var tracker = new FakeUdpTracker(Answer);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = new ManualTimeProvider() });

        var result = await client.AnnounceAsync(tracker.Url("/announce?token=s3cret"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 6882), Assert.Single(result.Peers).EndPoint);
        Assert.Equal((5, 4), (result.Seeders, result.Leechers));
        var announce = tracker.Received[1];
        Assert.Equal(ConnectionId, BinaryPrimitives.ReadUInt64BigEndian(announce));
        var urlData = "/announce?token=s3cret"u8.ToArray();
        Assert.Equal([2, (byte)urlData.Length, .. urlData, 0], announce[98..]);
    }

    [Fact]
    public async Task AnnounceAsync_WithinOneMinute_ReusesConnectionIdAndReconnectsAfter()
    {
        var time = new ManualTimeProvider();
        await using var tracker = new FakeUdpTracker(Answer);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = time });
        var url = tracker.Url();
        var token = TestContext.Current.CancellationToken;

        await client.AnnounceAsync(url, TrackerTestData.Request(), token);
        time.Advance(TimeSpan.FromSeconds(59));
        var second = await client.AnnounceAsync(url, TrackerTestData.Request(TrackerEvent.None), token);
        Assert.Equal([0, 1, 1], tracker.Received.Select(FakeUdpTracker.ActionOf));

        time.Advance(TimeSpan.FromSeconds(2));
        var third = await client.AnnounceAsync(url, TrackerTestData.Request(TrackerEvent.None), token);

        Assert.True(second.IsSuccess && third.IsSuccess);
        Assert.Equal([0, 1, 1, 0, 1], tracker.Received.Select(FakeUdpTracker.ActionOf));
    }

    [Fact]
    public async Task AnnounceAsync_NoReply_RetransmitsOnTheBep15ScheduleThenTimesOut()
    {
        var time = new ManualTimeProvider();
        await using var tracker = new FakeUdpTracker((_, _) => null);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = time });
        var token = TestContext.Current.CancellationToken;

        var announce = client.AnnounceAsync(tracker.Url(), TrackerTestData.Request(), token).AsTask();
        for (var n = 0; n <= 8; n++)
        {
            await tracker.WaitForCountAsync(n + 1, token);
            await time.WaitForTimersAsync(1, token);
            var expected = TimeSpan.FromSeconds(15 * (1 << n));
            Assert.Equal(expected, Assert.Single(time.PendingDueTimes()));
            time.Advance(expected);
        }

        var result = await announce.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.Equal(TrackerFailure.Timeout, result.Failure);
        Assert.Equal(9, tracker.Received.Count);
        Assert.All(tracker.Received, packet => Assert.Equal(0, FakeUdpTracker.ActionOf(packet)));
    }

    [Fact]
    public async Task AnnounceAsync_ConnectionIdExpiresWhileRetransmitting_ReconnectsAndKeepsTheSchedule()
    {
        var time = new ManualTimeProvider();
        await using var tracker = new FakeUdpTracker((request, _) =>
            FakeUdpTracker.ActionOf(request) == 0 ? FakeUdpTracker.ConnectReply(request, ConnectionId) : null);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = time, UdpMaxRetransmissions = 3 });
        var token = TestContext.Current.CancellationToken;

        var announce = client.AnnounceAsync(tracker.Url(), TrackerTestData.Request(), token).AsTask();
        var count = 2; // connect + first announce
        foreach (var seconds in new[] { 15, 30, 60, 120 })
        {
            await tracker.WaitForCountAsync(count, token);
            await time.WaitForTimersAsync(1, token);
            Assert.Equal(TimeSpan.FromSeconds(seconds), Assert.Single(time.PendingDueTimes()));
            time.Advance(TimeSpan.FromSeconds(seconds));
            count += seconds == 60 ? 2 : 1; // after 105 s the id has expired: connect again, then announce
        }

        var result = await announce.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.Equal(TrackerFailure.Timeout, result.Failure);
        Assert.Equal([0, 1, 1, 1, 0, 1], tracker.Received.Select(FakeUdpTracker.ActionOf));
    }

    [Fact]
    public async Task AnnounceAsync_FirstReplyHasWrongTransaction_IgnoresItAndSucceedsAfterRetransmission()
    {
        var time = new ManualTimeProvider();
        await using var tracker = new FakeUdpTracker((request, index) =>
        {
            if (index == 0)
            {
                var wrong = FakeUdpTracker.ConnectReply(request, 99);
                wrong[7] ^= 0xFF;
                return wrong;
            }

            return Answer(request, index);
        });
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = time, UdpRetryBase = TimeSpan.FromSeconds(1) });
        var token = TestContext.Current.CancellationToken;

        var announce = client.AnnounceAsync(tracker.Url(), TrackerTestData.Request(), token).AsTask();
        await tracker.WaitForCountAsync(1, token);
        await time.WaitForTimersAsync(1, token);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(time.PendingDueTimes()));
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await announce.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal([0, 0, 1], tracker.Received.Select(FakeUdpTracker.ActionOf));
    }

    [Fact]
    public async Task AnnounceAsync_ErrorReply_IsRejectedWithTheMessageAndForgetsTheConnection()
    {
        await using var tracker = new FakeUdpTracker((request, index) =>
            FakeUdpTracker.ActionOf(request) == 0 ? FakeUdpTracker.ConnectReply(request, ConnectionId) : FakeUdpTracker.ErrorReply(request, "info hash not whitelisted"));
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = new ManualTimeProvider() });
        var token = TestContext.Current.CancellationToken;

        var first = await client.AnnounceAsync(tracker.Url(), TrackerTestData.Request(), token);
        await client.AnnounceAsync(tracker.Url(), TrackerTestData.Request(), token);

        Assert.Equal(TrackerFailure.Rejected, first.Failure);
        Assert.Equal("info hash not whitelisted", first.FailureReason);
        Assert.Equal([0, 1, 0, 1], tracker.Received.Select(FakeUdpTracker.ActionOf));
    }

    [Fact]
    public async Task AnnounceAsync_IPv6Tracker_Reads18BytePeers()
    {
        var peer = new byte[18];
        IPAddress.IPv6Loopback.GetAddressBytes().CopyTo(peer, 0);
        peer[17] = 80;
        await using var tracker = new FakeUdpTracker(
            (request, index) => FakeUdpTracker.ActionOf(request) == 0 ? FakeUdpTracker.ConnectReply(request, 7) : FakeUdpTracker.AnnounceReply(request, 60, 0, 1, peer),
            IPAddress.IPv6Loopback);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = new ManualTimeProvider() });

        var result = await client.AnnounceAsync(tracker.Url("/announce"), TrackerTestData.Request(), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 80), Assert.Single(result.Peers).EndPoint);
    }

    [Fact]
    public async Task ScrapeAsync_TwoHashes_ReturnsCountsInRequestOrder()
    {
        await using var tracker = new FakeUdpTracker(Answer);
        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = new ManualTimeProvider() });
        ReadOnlyMemory<byte>[] hashes = [TrackerTestData.InfoHash, new byte[20]];

        var result = await client.ScrapeAsync(tracker.Url(), hashes, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal((10, 20, 30), (result.Entries[0].Seeders, result.Entries[0].Completed, result.Entries[0].Leechers));
        Assert.Equal((11, 21, 31), (result.Entries[1].Seeders, result.Entries[1].Completed, result.Entries[1].Leechers));
        Assert.Equal(16 + 40, tracker.Received[1].Length);
    }

    [Fact]
    public async Task AnnounceAsync_NothingListens_IsUnreachableWithoutWaiting()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        using var client = new TrackerClient(new TrackerClientOptions { TimeProvider = new ManualTimeProvider() });

        var result = await client.AnnounceAsync(new Uri($"udp://127.0.0.1:{port}"), TrackerTestData.Request(), TestContext.Current.CancellationToken)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(TrackerFailure.Unreachable, result.Failure);
    }
}
