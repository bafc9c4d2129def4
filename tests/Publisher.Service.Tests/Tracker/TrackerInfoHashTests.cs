using Publisher.Service.Tracker;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class TrackerInfoHashTests
{
    [Fact]
    public void FromInfoHash_V2Hash_IsTruncatedTo20Bytes()
    {
        var full = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var tracker = TrackerInfoHash.FromInfoHash(new InfoHash(full));
        Assert.Equal(Convert.ToHexStringLower(full, 0, 20), tracker.ToHex());
        Assert.Equal(full[..20], tracker.ToInfoHash().ToArray());
    }

    [Fact]
    public void TryParseHex_RoundTripsAndOrdersByBytes()
    {
        Assert.True(TrackerInfoHash.TryParseHex("00112233445566778899AABBCCDDEEFF00112233", out var low));
        Assert.True(TrackerInfoHash.TryParseHex("00112233445566778899aabbccddeeff00112234", out var high));
        Assert.Equal("00112233445566778899aabbccddeeff00112233", low.ToString());
        Assert.True(low < high);
        Assert.False(TrackerInfoHash.TryParseHex("0011", out _));
        Assert.False(TrackerInfoHash.TryParseHex(new string('g', 40), out _));
    }
}
