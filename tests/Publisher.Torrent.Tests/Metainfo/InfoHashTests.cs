using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class InfoHashTests
{
    [Fact]
    public void ComputeV1AndV2_MatchShaOfBytes()
    {
        var info = "d6:lengthi5e4:name1:xe"u8.ToArray();
        var v1 = InfoHash.ComputeV1(info);
        var v2 = InfoHash.ComputeV2(info);
        Assert.Equal(SHA1.HashData(info), v1.ToArray());
        Assert.Equal(SHA256.HashData(info), v2.ToArray());
        Assert.False(v1.IsV2);
        Assert.True(v2.IsV2);
        Assert.Equal(SHA256.HashData(info).AsSpan(0, 20).ToArray(), v2.Truncate().ToArray());
        Assert.Equal(v1, v1.Truncate());
    }

    [Fact]
    public void ParseAndToHex_RoundTrip()
    {
        var hex = "0123456789ABCDEF0123456789abcdef01234567";
        var hash = InfoHash.Parse(hex);
        Assert.Equal(hex.ToLowerInvariant(), hash.ToHex());
        Assert.Equal(hash, InfoHash.Parse(hash.ToString()));
        Assert.True(hash == InfoHash.Parse(hex.ToLowerInvariant()));
        Assert.Equal(hash.GetHashCode(), InfoHash.Parse(hex.ToLowerInvariant()).GetHashCode());
        var v2 = new string('a', 64);
        Assert.Equal(32, InfoHash.Parse(v2).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123")]
    [InlineData("0123456789abcdef0123456789abcdef0123456")]
    [InlineData("0123456789abcdef0123456789abcdef0123456g")]
    [InlineData("0123456789abcdef0123456789abcdef012345678")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(InfoHash.TryParse(text, out _));
        Assert.Throws<FormatException>(() => InfoHash.Parse(text));
    }

    [Fact]
    public void InfoHashes_PrimaryAndMatches()
    {
        var v1 = InfoHash.ComputeV1([1]);
        var v2 = InfoHash.ComputeV2([1]);
        var hybrid = new InfoHashes(v1, v2);
        Assert.Equal(v1, hybrid.Primary);
        Assert.True(hybrid.Matches(v2.Truncate()));
        Assert.True(hybrid.Matches(v1));
        Assert.True(hybrid.Matches(v2));
        Assert.False(hybrid.Matches(InfoHash.ComputeV1([2])));
        var v2Only = new InfoHashes(null, v2);
        Assert.Equal(v2.Truncate(), v2Only.Primary);
        Assert.Throws<ArgumentException>(() => new InfoHashes(null, null));
        Assert.Throws<ArgumentException>(() => new InfoHashes(v2, null));
        Assert.Throws<ArgumentException>(() => new InfoHash(new byte[21]));
    }
}
