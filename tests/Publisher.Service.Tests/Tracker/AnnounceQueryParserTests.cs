using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class AnnounceQueryParserTests
{
    private static readonly string Valid = TrackerQuery.Announce(1, 6881, extra: "&numwant=30&event=completed&key=0a1b2c3d&no_peer_id=1&token=abc&ip=10.0.0.1&supportcrypto=1")["/announce?".Length..];

    [Fact]
    public void Parse_ValidQuery_ReadsEveryField()
    {
        Assert.Equal(TrackerFailure.None, AnnounceQueryParser.Parse(Valid, out var query));
        Assert.Equal(TrackerQuery.InfoHash(1), query.InfoHash);
        Assert.Equal(6881, query.Port);
        Assert.Equal(1000, query.Left);
        Assert.Equal(30, query.NumWant);
        Assert.Equal(AnnounceEvent.Completed, query.Event);
        Assert.True(query.Compact);
        Assert.True(query.NoPeerId);
        Assert.NotEqual(0u, query.Key);
        Assert.Equal("abc", Valid.Substring(query.TokenStart, query.TokenLength));
    }

    [Fact]
    public void Parse_EveryPrefix_GivesResultNotException()
    {
        for (var length = 0; length <= Valid.Length; length++)
        {
            var failure = AnnounceQueryParser.Parse(Valid.AsSpan(0, length), out _);
            Assert.True(Enum.IsDefined(failure));
        }
    }

    [Fact]
    public void Parse_RandomMutations_GiveResultNotException()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = Valid.ToCharArray();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
            }

            var failure = AnnounceQueryParser.Parse(chars, out var query);
            Assert.True(Enum.IsDefined(failure));
            if (failure == TrackerFailure.None)
            {
                Assert.InRange(query.Port, 1, 65535);
                Assert.True(query.TokenStart + query.TokenLength <= chars.Length);
            }
        }
    }

    [Fact]
    public void Parse_NegativeOneNumWant_MeansDefault()
    {
        Assert.Equal(TrackerFailure.None, AnnounceQueryParser.Parse(Valid.Replace("numwant=30", "numwant=-1", StringComparison.Ordinal), out var query));
        Assert.Equal(-1, query.NumWant);
        Assert.Equal(TrackerFailure.InvalidNumWant, AnnounceQueryParser.Parse(Valid.Replace("numwant=30", "numwant=-2", StringComparison.Ordinal), out _));
    }

    [Fact]
    public void Scrape_DuplicateHashesAndOtherParameters_AreRead()
    {
        var query = TrackerQuery.Scrape(1, 2, 1)["/scrape?".Length..] + "token=x&info_hash";
        var hashes = new TrackerInfoHash[74];
        Assert.Equal(TrackerFailure.None, ScrapeQueryParser.Parse(query, hashes, out var count));
        Assert.Equal(3, count);
        Assert.Equal(TrackerQuery.InfoHash(2), hashes[1]);
    }
}
