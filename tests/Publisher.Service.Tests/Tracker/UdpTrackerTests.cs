using System.Buffers.Binary;
using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class UdpTrackerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectAnnounceScrape_TwoPeers_SeeEachOther()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        var connection = await client.ConnectAsync(Token);
        var hash = TrackerQuery.Hash(41);

        var first = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, hash, 9001, left: 0, announceEvent: 2), Token);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(first));
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(4)));
        Assert.Equal(20, first.Length);

        var second = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, hash, 9002, left: 100, announceEvent: 2), Token);
        Assert.InRange(BinaryPrimitives.ReadInt32BigEndian(second.AsSpan(8)), 1800, 1980);
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(second.AsSpan(12)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(second.AsSpan(16)));
        Assert.Equal(26, second.Length);
        Assert.Equal(new byte[] { 127, 0, 0, 1, 0x23, 0x29 }, second[20..26]);

        var scrape = await client.RequestAsync(UdpTestClient.ScrapePacket(connection, hash, TrackerQuery.Hash(42)), Token);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(scrape));
        Assert.Equal(8 + 24, scrape.Length);
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(scrape.AsSpan(8)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(scrape.AsSpan(16)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(scrape.AsSpan(20)));
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task ShortPacket_IsDropped_ServerKeepsServing()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        await client.SendAsync(new byte[10], Token);
        await client.SendAsync([], Token);
        var connect = await client.RequestAsync(client.ConnectPacket(), Token);
        Assert.Equal(16, connect.Length);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(connect));
    }

    [Fact]
    public async Task WrongConnectionId_GetsErrorPacket()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        var connection = await client.ConnectAsync(Token);
        var response = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection ^ 1, TrackerQuery.Hash(43), 9001, 0), Token);
        Assert.Equal("invalid or expired connection id", UdpTestClient.ErrorMessage(response));
    }

    [Fact]
    public async Task ConnectionId_OlderThanTwoMinutes_IsRefused()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TrackerTestServer.StartAsync(Token, timeProvider: clock, udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        var connection = await client.ConnectAsync(Token);
        clock.Advance(TimeSpan.FromSeconds(110));
        var fresh = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(44), 9001, 0), Token);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(fresh));
        clock.Advance(TimeSpan.FromSeconds(20));
        var stale = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(44), 9001, 0), Token);
        Assert.Equal("invalid or expired connection id", UdpTestClient.ErrorMessage(stale));
    }

    [Fact]
    public async Task UnknownActionAndBadFields_GetErrorPackets()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        var connection = await client.ConnectAsync(Token);
        var unknown = UdpTestClient.ScrapePacket(connection, TrackerQuery.Hash(45));
        BinaryPrimitives.WriteUInt32BigEndian(unknown.AsSpan(8), 9);
        Assert.Equal("unknown action", UdpTestClient.ErrorMessage(await client.RequestAsync(unknown, Token)));

        var shortAnnounce = UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(45), 9001, 0)[..60];
        Assert.Equal("announce is too short", UdpTestClient.ErrorMessage(await client.RequestAsync(shortAnnounce, Token)));

        var portZero = UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(45), 0, 0);
        Assert.Equal("port must be a number from 1 to 65535", UdpTestClient.ErrorMessage(await client.RequestAsync(portZero, Token)));

        var hugeNumWant = UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(45), 9001, 0, numWant: int.MaxValue);
        Assert.Equal("numwant is too large", UdpTestClient.ErrorMessage(await client.RequestAsync(hugeNumWant, Token)));

        var badEvent = UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(45), 9001, 0, announceEvent: 7);
        Assert.Equal("event must be started, completed, stopped or empty", UdpTestClient.ErrorMessage(await client.RequestAsync(badEvent, Token)));

        var badOptions = UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(45), 9001, 0, urlData: "/announce/x");
        badOptions[99] = 200;
        Assert.Equal("token is malformed", UdpTestClient.ErrorMessage(await client.RequestAsync(badOptions, Token)));

        // An error longer than its request is not sent (no amplification): the next answer is the connect's.
        await client.SendAsync(UdpTestClient.ScrapePacket(connection), Token);
        var connect = client.ConnectPacket();
        var next = await client.RequestAsync(connect, Token);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(next));
        Assert.Equal(connect[12..16], next[4..8]);
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task HostileDatagrams_ServerStaysUp()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        var connection = await client.ConnectAsync(Token);
        var valid = UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(46), 9001, 0, urlData: "/announce?token=abc");
        var random = new Random(46);
        for (var batch = 0; batch < 15; batch++)
        {
            for (var i = 0; i < 100; i++)
            {
                byte[] datagram;
                if (i % 3 == 0)
                {
                    datagram = new byte[random.Next(0, 300)];
                    random.NextBytes(datagram);
                }
                else
                {
                    datagram = valid[..random.Next(0, valid.Length + 1)];
                    for (var m = random.Next(0, 4); m > 0 && datagram.Length > 16; m--)
                    {
                        datagram[random.Next(8, datagram.Length)] = (byte)random.Next(256);
                    }
                }

                await client.SendAsync(datagram, Token);
            }

            // Answers to the noise come first: drain until the connect answer (its transaction id) arrives.
            var connect = client.ConnectPacket();
            await client.SendAsync(connect, Token);
            while (true)
            {
                var answer = await client.ReceiveAsync(Token);
                if (answer.Length == 16 && answer.AsSpan(4, 4).SequenceEqual(connect.AsSpan(12, 4)) && BinaryPrimitives.ReadUInt32BigEndian(answer) == 0)
                {
                    break;
                }
            }
        }

        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Announce_EntitledWithUrlDataToken_IsAccepted()
    {
        var registry = new FakeTorrentRegistry();
        registry.Publish(TrackerQuery.InfoHash(47));
        await using var server = await TrackerTestServer.StartAsync(
            Token,
            new Dictionary<string, string?> { ["Publisher:Tracker:Access"] = "entitled", ["Publisher:Tracker:TokenSigningKey"] = Convert.ToBase64String(new byte[32]) },
            registry,
            udp: true);
        using var client = new UdpTestClient(server.UdpEndPoint!);
        var connection = await client.ConnectAsync(Token);
        var token = server.GetService<DownloadTokenService>().Issue("u", TrackerQuery.InfoHash(47), TimeSpan.FromHours(1));

        var refused = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(47), 9001, 0), Token);
        Assert.Equal("this torrent needs a download token", UdpTestClient.ErrorMessage(refused));
        var inPath = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(47), 9001, 0, urlData: "/announce/" + token), Token);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(inPath));
        var inQuery = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(47), 9002, 0, urlData: "/announce?x=1&token=" + token), Token);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(inQuery));
    }

    [Fact]
    public async Task Announce_OverIPv6_ReturnsIPv6Peers()
    {
        await using var server = await TrackerTestServer.StartAsync(Token, new Dictionary<string, string?> { ["Publisher:Tracker:UdpAddress"] = "::1" }, udp: true);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, server.UdpEndPoint!.AddressFamily);
        using var client = new UdpTestClient(server.UdpEndPoint);
        var connection = await client.ConnectAsync(Token);
        await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(48), 9001, 0), Token);
        var answer = await client.RequestAsync(UdpTestClient.AnnouncePacket(connection, TrackerQuery.Hash(48), 9002, 10), Token);
        Assert.Equal(20 + 18, answer.Length);
        Assert.Equal(System.Net.IPAddress.IPv6Loopback, new System.Net.IPAddress(answer.AsSpan(20, 16)));
        Assert.Equal(9001, BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(36)));
    }
}
