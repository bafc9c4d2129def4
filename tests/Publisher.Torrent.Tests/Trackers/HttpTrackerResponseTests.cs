using System.Net;
using System.Text;
using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class HttpTrackerResponseTests
{
    private static readonly byte[] CompactV4 = [127, 0, 0, 1, 0x1A, 0xE1, 10, 1, 2, 3, 0x00, 0x50];

    private static byte[] Compact6()
    {
        var entry = new byte[18];
        IPAddress.IPv6Loopback.GetAddressBytes().CopyTo(entry, 0);
        entry[16] = 0x1F;
        entry[17] = 0x90;
        return entry;
    }

    /// <summary>Builds a bencoded byte string from literal text with raw byte strings spliced in.</summary>
    private static byte[] Bencode(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string text:
                    bytes.AddRange(Encoding.UTF8.GetBytes(text));
                    break;
                case byte[] raw:
                    bytes.AddRange(Encoding.ASCII.GetBytes($"{raw.Length}:"));
                    bytes.AddRange(raw);
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] FullAnnounce() => Bencode(
        "d8:completei9e10:incompletei4e8:intervali1800e12:min intervali60e5:peers", CompactV4,
        "6:peers6", Compact6(), "10:tracker id3:abc15:warning message4:slowe");

    [Fact]
    public void ParseAnnounce_CompactV4AndV6_ReadsEverything()
    {
        var result = HttpTrackerResponse.ParseAnnounce(FullAnnounce());

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(TimeSpan.FromSeconds(1800), result.Interval);
        Assert.Equal(TimeSpan.FromSeconds(60), result.MinInterval);
        Assert.Equal((9, 4), (result.Seeders, result.Leechers));
        Assert.Equal("abc", result.TrackerId);
        Assert.Equal("slow", result.WarningMessage);
        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, 6881), new IPEndPoint(IPAddress.Parse("10.1.2.3"), 80), new IPEndPoint(IPAddress.IPv6Loopback, 8080)],
            result.Peers.Select(p => p.EndPoint));
    }

    [Fact]
    public void ParseAnnounce_DictionaryPeers_ReadsAddressesAndIdsAndSkipsBadEntries()
    {
        var peerId = "-XX0001-000000000001"u8.ToArray();
        var body = Bencode(
            "d8:intervali900e5:peersl",
            "d2:ip9:127.0.0.17:peer id", peerId, "4:porti6881ee",
            "d2:ip3:::14:porti51413ee",
            "d2:ip16:tracker.example.4:porti1ee",
            "d2:ip8:10.0.0.14:porti0ee",
            "d2:ip8:10.0.0.24:porti70000ee",
            "i5e",
            "ee");

        var result = HttpTrackerResponse.ParseAnnounce(body);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(2, result.Peers.Count);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6881), result.Peers[0].EndPoint);
        Assert.Equal(peerId, result.Peers[0].PeerId.ToArray());
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 51413), result.Peers[1].EndPoint);
        Assert.True(result.Peers[1].PeerId.IsEmpty);
    }

    [Fact]
    public void ParseAnnounce_FailureReason_IsRejectedWithTheText()
    {
        var result = HttpTrackerResponse.ParseAnnounce(Bencode("d14:failure reason23:torrent not whitelistede"));

        Assert.Equal(TrackerFailure.Rejected, result.Failure);
        Assert.Equal("torrent not whitelisted", result.FailureReason);
    }

    [Fact]
    public void ParseAnnounce_FailureWithMinInterval_KeepsTheMinInterval()
    {
        var result = HttpTrackerResponse.ParseAnnounce(Bencode("d14:failure reason4:busy12:min intervali600ee"));

        Assert.Equal(TrackerFailure.Rejected, result.Failure);
        Assert.Equal(TimeSpan.FromSeconds(600), result.MinInterval);
    }

    [Fact]
    public void ParseAnnounce_UnsortedKeysAndUnknownValues_AreAccepted()
    {
        var result = HttpTrackerResponse.ParseAnnounce(Bencode("d5:peers", CompactV4, "8:intervali120e1:xld1:ai1eee8:complete3:note"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(2, result.Peers.Count);
        Assert.Null(result.Seeders);
    }

    [Fact]
    public void ParseAnnounce_PeersWithoutInterval_UsesTheDefaultInterval()
    {
        var result = HttpTrackerResponse.ParseAnnounce(Bencode("d5:peers0:e"));

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Peers);
        Assert.Equal(AnnounceResult.DefaultInterval, result.Interval);
        Assert.Null(result.MinInterval);
    }

    [Fact]
    public void ParseAnnounce_TinyOrHugeInterval_IsClamped()
    {
        Assert.Equal(ProtocolLimits.MinTrackerInterval, HttpTrackerResponse.ParseAnnounce(Bencode("d8:intervali1ee")).Interval);
        Assert.Equal(ProtocolLimits.MaxTrackerInterval, HttpTrackerResponse.ParseAnnounce(Bencode("d8:intervali99999999999ee")).Interval);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("le")]
    [InlineData("i5e")]
    [InlineData("")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("d8:intervali1800e")]
    public void ParseAnnounce_NotATrackerReply_IsInvalidResponse(string body)
    {
        var result = HttpTrackerResponse.ParseAnnounce(Encoding.ASCII.GetBytes(body));

        Assert.Equal(TrackerFailure.InvalidResponse, result.Failure);
        Assert.NotNull(result.FailureReason);
    }

    [Fact]
    public void ParseAnnounce_MorePeersThanTheLimit_StopsAtTheLimit()
    {
        var compact = new byte[6 * (ProtocolLimits.MaxTrackerPeers + 500)];
        for (var i = 0; i < compact.Length; i += 6)
        {
            compact[i] = 10;
            compact[i + 5] = 1;
        }

        var result = HttpTrackerResponse.ParseAnnounce(Bencode("d8:intervali60e5:peers", compact, "e"));

        Assert.Equal(ProtocolLimits.MaxTrackerPeers, result.Peers.Count);
    }

    [Fact]
    public void ParseAnnounce_HugeFailureReason_IsBounded()
    {
        var result = HttpTrackerResponse.ParseAnnounce(Bencode("d14:failure reason", Encoding.ASCII.GetBytes(new string('x', 10_000)), "e"));

        Assert.Equal(ProtocolLimits.MaxTrackerMessageBytes, result.FailureReason!.Length);
    }

    [Fact]
    public void ParseAnnounce_EveryPrefixAndMutation_GivesAValue()
    {
        var valid = FullAnnounce();
        var inputs = new List<byte[]>();
        for (var i = 0; i <= valid.Length; i++)
        {
            inputs.Add(valid[..i]);
        }

        inputs.AddRange(TrackerTestData.Mutations(valid, 3000, 5));
        foreach (var input in inputs)
        {
            var result = HttpTrackerResponse.ParseAnnounce(input);
            Assert.True(result.IsSuccess || result.Failure is TrackerFailure.InvalidResponse or TrackerFailure.Rejected, result.ToString());
            Assert.True(result.Peers.Count <= input.Length / 6);
        }

        Assert.True(HttpTrackerResponse.ParseAnnounce(valid).IsSuccess);
    }

    [Fact]
    public void ParseScrape_FilesDictionary_MatchesRequestedHashes()
    {
        var other = Enumerable.Repeat((byte)7, 20).ToArray();
        var body = Bencode("d5:filesd", TrackerTestData.InfoHash, "d8:completei3e10:downloadedi8e10:incompletei2e4:name1:xe", other, "d8:completei1eeee");
        ReadOnlyMemory<byte>[] hashes = [TrackerTestData.InfoHash, new byte[20], other];

        var result = HttpTrackerResponse.ParseScrape(body, hashes);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal((true, 3, 8, 2), (result.Entries[0].Found, result.Entries[0].Seeders, result.Entries[0].Completed, result.Entries[0].Leechers));
        Assert.False(result.Entries[1].Found);
        Assert.Equal((true, 1, 0, 0), (result.Entries[2].Found, result.Entries[2].Seeders, result.Entries[2].Completed, result.Entries[2].Leechers));
    }

    [Fact]
    public void ParseScrape_FailureOrNoFiles_IsAFailure()
    {
        ReadOnlyMemory<byte>[] hashes = [TrackerTestData.InfoHash];

        Assert.Equal(TrackerFailure.Rejected, HttpTrackerResponse.ParseScrape(Bencode("d14:failure reason6:no waye"), hashes).Failure);
        Assert.Equal(TrackerFailure.InvalidResponse, HttpTrackerResponse.ParseScrape(Bencode("d1:xi1ee"), hashes).Failure);
    }

    [Fact]
    public void ParseScrape_EveryPrefixAndMutation_GivesAValue()
    {
        var valid = Bencode("d5:filesd", TrackerTestData.InfoHash, "d8:completei3e10:downloadedi8e10:incompletei2eeee");
        ReadOnlyMemory<byte>[] hashes = [TrackerTestData.InfoHash];
        var inputs = new List<byte[]>();
        for (var i = 0; i <= valid.Length; i++)
        {
            inputs.Add(valid[..i]);
        }

        inputs.AddRange(TrackerTestData.Mutations(valid, 2000, 9));
        foreach (var input in inputs)
        {
            var result = HttpTrackerResponse.ParseScrape(input, hashes);
            Assert.True(result.IsSuccess || result.Failure is TrackerFailure.InvalidResponse or TrackerFailure.Rejected);
        }
    }
}
