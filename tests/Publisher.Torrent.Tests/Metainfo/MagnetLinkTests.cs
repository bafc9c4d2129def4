using System.Net;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class MagnetLinkTests
{
    private const string Hex = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private const string Hex2 = "d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb";

    [Fact]
    public void Parse_HexHashWithNameTrackersWebSeedsAndPeers_ReadsAll()
    {
        var link = MagnetLink.Parse(
            $"magnet:?xt=urn:btih:{Hex.ToUpperInvariant()}&dn=My+Game%20v1.2%E2%9C%93&tr=http%3A%2F%2Ft1%2Fannounce&tr=udp://t2:6969&tr.1=http://t3/a&ws=http%3A%2F%2Fseed%2Ffiles%2F&x.pe=10.0.0.1:6881&x.pe=[::1]:51413&x.pe=peer.example:80&foo=bar");
        Assert.Equal(InfoHash.Parse(Hex), link.InfoHashes.V1);
        Assert.Null(link.InfoHashes.V2);
        Assert.Equal("My Game v1.2\u2713", link.DisplayName);
        Assert.Equal(["http://t1/announce", "udp://t2:6969", "http://t3/a"], link.Trackers);
        Assert.Equal(["http://seed/files/"], link.WebSeeds);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 6881), link.Peers[0]);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 51413), link.Peers[1]);
        Assert.Equal(new DnsEndPoint("peer.example", 80), link.Peers[2]);
    }

    [Fact]
    public void Parse_Base32Hash_DecodesToSameHash()
    {
        var bytes = Convert.FromHexString(Hex);
        var base32 = Base32.Encode(bytes);
        Assert.Equal(32, base32.Length);
        var link = MagnetLink.Parse($"magnet:?xt=urn:btih:{base32}");
        Assert.Equal(InfoHash.Parse(Hex), link.InfoHashes.V1);
        Assert.Equal(InfoHash.Parse(Hex), MagnetLink.Parse($"magnet:?xt=urn:btih:{base32.ToLowerInvariant()}").InfoHashes.V1);
    }

    [Fact]
    public void Base32_KnownVector_MatchesRfc4648()
    {
        Assert.Equal("MZXW6YTB", Base32.Encode("fooba"u8));
        Span<byte> decoded = stackalloc byte[5];
        Assert.True(Base32.TryDecode("MZXW6YTB", decoded, out var written));
        Assert.Equal("fooba"u8.ToArray(), decoded[..written].ToArray());
    }

    [Fact]
    public void Parse_HybridWithBtmh_ReadsBothHashes()
    {
        var link = MagnetLink.Parse($"magnet:?xt=urn:btih:{Hex}&xt=urn:btmh:1220{Hex2}&dn=x");
        Assert.Equal(InfoHash.Parse(Hex), link.InfoHashes.V1);
        Assert.Equal(InfoHash.Parse(Hex2), link.InfoHashes.V2);
        var v2Only = MagnetLink.Parse($"magnet:?xt=urn:btmh:1220{Hex2}");
        Assert.Null(v2Only.InfoHashes.V1);
        Assert.Equal(InfoHash.Parse(Hex2).Truncate(), v2Only.InfoHashes.Primary);
    }

    [Theory]
    [InlineData("http://example.com/x.torrent")]
    [InlineData("magnet:?dn=no-hash")]
    [InlineData("magnet:?xt=urn:btih:123")]
    [InlineData("magnet:?xt=urn:btih:zz2fe1c06bba254a9dc9f519b335aa7c1367a88a")]
    [InlineData("magnet:?xt=urn:btih:01234567890123456789012345678901")]
    [InlineData("magnet:?xt=urn:btmh:1120d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb")]
    [InlineData("magnet:?xt=urn:btmh:1220d8dd")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xt=urn:btih:d12fe1c06bba254a9dc9f519b335aa7c1367a88a")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%zz")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%4")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%FF%FE")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.4")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.4:0")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.4:70000")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=::1:80")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=[1.2.3.4]:80")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=bad_host!:80")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&novalue")]
    public void Parse_Malformed_ThrowsInvalidTorrent(string text)
    {
        Assert.Throws<InvalidTorrentException>(() => (object)MagnetLink.Parse(text));
        Assert.False(MagnetLink.TryParse(text, out _));
    }

    [Fact]
    public void Parse_TooLong_Rejected()
    {
        var text = $"magnet:?xt=urn:btih:{Hex}&dn=" + new string('a', ProtocolLimits.MaxMagnetLinkLength);
        Assert.Throws<InvalidTorrentException>(() => (object)MagnetLink.Parse(text));
    }

    [Fact]
    public void ToString_PercentEncodesAndRoundTrips()
    {
        var link = new MagnetLink(
            new InfoHashes(InfoHash.Parse(Hex), InfoHash.Parse(Hex2)),
            "a b&c=d+é/中",
            ["http://t/announce?x=1&y=2", "udp://[::1]:6969"],
            ["http://seed/a b/"],
            [new IPEndPoint(IPAddress.Parse("::1"), 5), new IPEndPoint(IPAddress.Loopback, 6881), new DnsEndPoint("host.example", 7)]);
        var text = link.ToString();
        Assert.StartsWith($"magnet:?xt=urn:btih:{Hex}&xt=urn:btmh:1220{Hex2}&dn=a%20b%26c%3Dd%2B%C3%A9%2F%E4%B8%AD&tr=http%3A%2F%2Ft%2Fannounce%3Fx%3D1%26y%3D2", text, StringComparison.Ordinal);
        Assert.Contains("&x.pe=%5B%3A%3A1%5D%3A5", text, StringComparison.Ordinal);
        var parsed = MagnetLink.Parse(text);
        Assert.Equal(link.InfoHashes, parsed.InfoHashes);
        Assert.Equal(link.DisplayName, parsed.DisplayName);
        Assert.Equal(link.Trackers, parsed.Trackers);
        Assert.Equal(link.WebSeeds, parsed.WebSeeds);
        Assert.Equal(link.Peers, parsed.Peers);
        Assert.Equal(text, parsed.ToString());
    }

    [Fact]
    public void FromTorrent_CarriesHashesNameTrackersAndWebSeeds()
    {
        var torrent = TorrentInfo.Parse(TestTorrents.Hybrid()).WithMetadata(new TorrentMetadata
        {
            Trackers = [["http://a/announce"], ["http://b/announce"]],
            WebSeeds = ["http://seed/"],
        });
        var link = MagnetLink.Parse(torrent.ToMagnetLink().ToString());
        Assert.Equal(torrent.InfoHashes, link.InfoHashes);
        Assert.Equal("sample", link.DisplayName);
        Assert.Equal(["http://a/announce", "http://b/announce"], link.Trackers);
        Assert.Equal(["http://seed/"], link.WebSeeds);
    }

    [Fact]
    public void Parse_RandomMutations_GiveLinkOrInvalidTorrentOnly()
    {
        var seed = $"magnet:?xt=urn:btih:{Hex}&xt=urn:btmh:1220{Hex2}&dn=a%20b&tr=http%3A%2F%2Ft&x.pe=[::1]:5&x.pe=1.2.3.4:5";
        var random = new Random(42);
        const string alphabet = "%:[]&=+.0123456789abcdefxtrnubihm?";
        for (var i = 0; i < 5000; i++)
        {
            var chars = seed.ToCharArray().ToList();
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                var position = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0:
                        chars[position] = alphabet[random.Next(alphabet.Length)];
                        break;
                    case 1:
                        chars.RemoveAt(position);
                        break;
                    default:
                        chars.Insert(position, (char)random.Next(0x20, 0x3000));
                        break;
                }
            }

            try
            {
                var link = MagnetLink.Parse(new string([.. chars]));
                MagnetLink.Parse(link.ToString());
            }
            catch (InvalidTorrentException)
            {
            }
        }
    }
}
