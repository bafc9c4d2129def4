using System.Buffers.Binary;
using System.Net;
using System.Text;
using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class UdpTrackerPacketTests
{
    [Fact]
    public void WriteConnect_Always_WritesMagicActionAndTransaction()
    {
        var buffer = new byte[16];

        var length = UdpTrackerPacket.WriteConnect(buffer, 0x01020304);

        Assert.Equal(16, length);
        Assert.Equal(0x41727101980UL, BinaryPrimitives.ReadUInt64BigEndian(buffer));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(8)));
        Assert.Equal(0x01020304U, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(12)));
    }

    [Fact]
    public void WriteAnnounce_WithoutUrlData_WritesTheBep15Layout()
    {
        var buffer = new byte[UdpTrackerPacket.MaxAnnounceRequestLength];
        var request = TrackerTestData.Request(TrackerEvent.Completed);

        var length = UdpTrackerPacket.WriteAnnounce(buffer, 0x1122334455667788, 42, request, []);

        Assert.Equal(98, length);
        Assert.Equal(0x1122334455667788UL, BinaryPrimitives.ReadUInt64BigEndian(buffer));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(8)));
        Assert.Equal(42U, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(12)));
        Assert.Equal(TrackerTestData.InfoHash, buffer[16..36]);
        Assert.Equal(TrackerTestData.PeerId, buffer[36..56]);
        Assert.Equal(5678, BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(56)));
        Assert.Equal(91011, BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(64)));
        Assert.Equal(1234, BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(72)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(80)));
        Assert.Equal(0U, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(84)));
        Assert.Equal(0xDEADBEEFU, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(88)));
        Assert.Equal(50, BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(92)));
        Assert.Equal(6881, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(96)));
    }

    [Theory]
    [InlineData(TrackerEvent.None, 0)]
    [InlineData(TrackerEvent.Completed, 1)]
    [InlineData(TrackerEvent.Started, 2)]
    [InlineData(TrackerEvent.Stopped, 3)]
    public void WriteAnnounce_Event_UsesBep15Numbers(TrackerEvent announceEvent, int expected)
    {
        var buffer = new byte[UdpTrackerPacket.MaxAnnounceRequestLength];

        UdpTrackerPacket.WriteAnnounce(buffer, 1, 2, TrackerTestData.Request(announceEvent), []);

        Assert.Equal(expected, BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(80)));
    }

    [Fact]
    public void WriteAnnounce_LongUrlData_SplitsInto255ByteOptionsAndEnds()
    {
        var buffer = new byte[UdpTrackerPacket.MaxAnnounceRequestLength];
        var urlData = Encoding.ASCII.GetBytes("/announce?token=" + new string('t', 284)); // 300 bytes

        var length = UdpTrackerPacket.WriteAnnounce(buffer, 1, 2, TrackerTestData.Request(), urlData);

        Assert.Equal(98 + 2 + 255 + 2 + 45 + 1, length);
        Assert.Equal(2, buffer[98]);
        Assert.Equal(255, buffer[99]);
        Assert.Equal(urlData[..255], buffer[100..355]);
        Assert.Equal(2, buffer[355]);
        Assert.Equal(45, buffer[356]);
        Assert.Equal(urlData[255..], buffer[357..402]);
        Assert.Equal(0, buffer[402]);
    }

    [Fact]
    public void GetUrlData_PathAndQuery_IsCarried()
    {
        Assert.Equal("/announce?token=abc%20d"u8.ToArray(), UdpTrackerClient.GetUrlData(new Uri("udp://tracker.example:6969/announce?token=abc%20d")));
        Assert.Empty(UdpTrackerClient.GetUrlData(new Uri("udp://tracker.example:6969")));
        Assert.Empty(UdpTrackerClient.GetUrlData(new Uri("udp://tracker.example:6969/")));
    }

    [Fact]
    public void ParseAnnounce_IPv4Peers_ReadsCountsAndPeers()
    {
        var request = new byte[98];
        var peers = new byte[] { 127, 0, 0, 1, 0x1A, 0xE1, 10, 0, 0, 2, 0, 0, 192, 168, 1, 9, 0xC8, 0xD5, 1, 2, 3 };

        var result = UdpTrackerPacket.ParseAnnounce(FakeUdpTracker.AnnounceReply(request, 1800, 3, 7, peers), ipv6: false);

        Assert.True(result.IsSuccess);
        Assert.Equal(TimeSpan.FromSeconds(1800), result.Interval);
        Assert.Equal(7, result.Seeders);
        Assert.Equal(3, result.Leechers);
        // The port-0 entry is skipped and the 3-byte tail ignored.
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 6881), new IPEndPoint(IPAddress.Parse("192.168.1.9"), 51413)], result.Peers.Select(p => p.EndPoint));
    }

    [Fact]
    public void ParseAnnounce_IPv6Peers_Reads18ByteEntries()
    {
        var peers = new byte[18];
        IPAddress.IPv6Loopback.GetAddressBytes().CopyTo(peers, 0);
        peers[16] = 0x1A;
        peers[17] = 0xE1;

        var result = UdpTrackerPacket.ParseAnnounce(FakeUdpTracker.AnnounceReply(new byte[98], 60, 0, 1, peers), ipv6: true);

        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 6881), Assert.Single(result.Peers).EndPoint);
    }

    [Fact]
    public void ParseAnnounce_ShortPacket_IsInvalidResponse()
    {
        var result = UdpTrackerPacket.ParseAnnounce(new byte[19], ipv6: false);

        Assert.Equal(TrackerFailure.InvalidResponse, result.Failure);
    }

    [Fact]
    public void ParseAnnounce_HeaderOnly_IsRejected()
    {
        var result = UdpTrackerPacket.ParseAnnounce(new byte[8], ipv6: false);

        Assert.Equal(TrackerFailure.Rejected, result.Failure);
    }

    [Fact]
    public void ParseScrape_ShortReply_MarksMissingEntriesNotFound()
    {
        var reply = new byte[8 + 12];
        BinaryPrimitives.WriteInt32BigEndian(reply, 2);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(8), 5);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(12), 9);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(16), 2);
        ReadOnlyMemory<byte>[] hashes = [new byte[20], Enumerable.Repeat((byte)1, 20).ToArray()];

        var result = UdpTrackerPacket.ParseScrape(reply, hashes);

        Assert.True(result.IsSuccess);
        Assert.Equal((true, 5, 9, 2), (result.Entries[0].Found, result.Entries[0].Seeders, result.Entries[0].Completed, result.Entries[0].Leechers));
        Assert.False(result.Entries[1].Found);
    }

    [Fact]
    public void ReadErrorMessage_HugeMessage_IsBounded()
    {
        var reply = FakeUdpTracker.ErrorReply(new byte[16], new string('x', 5000));

        var message = UdpTrackerPacket.ReadErrorMessage(reply);

        Assert.Equal(ProtocolLimits.MaxTrackerMessageBytes, message.Length);
    }

    [Fact]
    public void Parsers_EveryPrefixAndMutation_GiveAValue()
    {
        var peers = new byte[6 * 5 + 18];
        new Random(7).NextBytes(peers);
        var announce = FakeUdpTracker.AnnounceReply(new byte[98], 900, 1, 2, peers);
        ReadOnlyMemory<byte>[] hashes = [new byte[20], new byte[20]];
        var inputs = new List<byte[]>();
        for (var i = 0; i <= announce.Length; i++)
        {
            inputs.Add(announce[..i]);
        }

        inputs.AddRange(TrackerTestData.Mutations(announce, 2000, 11));
        foreach (var input in inputs)
        {
            var v4 = UdpTrackerPacket.ParseAnnounce(input, ipv6: false);
            var v6 = UdpTrackerPacket.ParseAnnounce(input, ipv6: true);
            var scrape = UdpTrackerPacket.ParseScrape(input, hashes);
            Assert.True(v4.IsSuccess || v4.Failure is TrackerFailure.InvalidResponse or TrackerFailure.Rejected);
            Assert.True(v6.IsSuccess || v6.Failure is TrackerFailure.InvalidResponse or TrackerFailure.Rejected);
            Assert.True(scrape.IsSuccess || scrape.Failure == TrackerFailure.InvalidResponse);
            Assert.True(v4.Peers.Count <= Math.Max(0, input.Length - 20) / 6);
            if (UdpTrackerPacket.TryReadHeader(input, out var action, out _) && action == UdpTrackerPacket.ActionError)
            {
                Assert.NotNull(UdpTrackerPacket.ReadErrorMessage(input));
            }
        }
    }
}
