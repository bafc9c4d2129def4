using System.Buffers;
using System.Net;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class ExtendedHandshakeTests
{
    [Fact]
    public void Encode_ThenTryParse_RoundTrips()
    {
        var handshake = new ExtendedHandshake
        {
            Extensions = new(StringComparer.Ordinal) { ["ut_metadata"] = 3, ["ut_pex"] = 1, ["lt_donthave"] = 0 },
            Client = "Publisher 0.1",
            ListenPort = 6881,
            RequestQueueLength = 250,
            MetadataSize = 31235,
            YourIp = IPAddress.Parse("127.0.0.1"),
        };

        var bytes = handshake.Encode();
        Assert.True(ExtendedHandshake.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed));

        Assert.NotNull(parsed);
        Assert.Equal(3, parsed.IdOf(ExtendedHandshake.UtMetadata));
        Assert.Equal(1, parsed.IdOf("ut_pex"));
        Assert.Equal(0, parsed.IdOf("lt_donthave"));
        Assert.Equal(0, parsed.IdOf("unknown"));
        Assert.Equal("Publisher 0.1", parsed.Client);
        Assert.Equal(6881, parsed.ListenPort);
        Assert.Equal(250, parsed.RequestQueueLength);
        Assert.Equal(31235, parsed.MetadataSize);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), parsed.YourIp);
    }

    [Fact]
    public void TryParse_ValuesOverLimits_DroppedNotTrusted()
    {
        var bytes = "d1:md11:ut_metadatai300ee13:metadata_sizei999999999e1:pi70000e4:reqqi100000e6:youripi5ee"u8.ToArray();
        Assert.True(ExtendedHandshake.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed));
        Assert.NotNull(parsed);
        Assert.Equal(0, parsed.IdOf(ExtendedHandshake.UtMetadata));
        Assert.Null(parsed.MetadataSize);
        Assert.Null(parsed.ListenPort);
        Assert.Equal(ProtocolLimits.MaxOutstandingRequests, parsed.RequestQueueLength);
        Assert.Null(parsed.YourIp);
    }

    [Fact]
    public void TryParse_UnsortedKeysAndUnknownValues_Accepted()
    {
        var bytes = "d1:v3:abc1:md6:ut_pexi2ee1:xli1ei2ee1:pi10ee"u8.ToArray();
        Assert.True(ExtendedHandshake.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed));
        Assert.Equal(2, parsed!.IdOf("ut_pex"));
        Assert.Equal("abc", parsed.Client);
        Assert.Equal(10, parsed.ListenPort);
    }

    [Theory]
    [InlineData("")]
    [InlineData("le")]
    [InlineData("d1:mi5ee")]
    [InlineData("d1:md")]
    [InlineData("i5e")]
    public void TryParse_Malformed_False(string text)
    {
        Assert.False(ExtendedHandshake.TryParse(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text)), out _));
    }

    [Fact]
    public void TryParse_EveryPrefixAndMutation_NeverThrows()
    {
        var bytes = new ExtendedHandshake
        {
            Extensions = new(StringComparer.Ordinal) { ["ut_metadata"] = 3 },
            Client = "x",
            MetadataSize = 100,
            RequestQueueLength = 5,
        }.Encode();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(ExtendedHandshake.TryParse(new ReadOnlySequence<byte>(bytes, 0, length), out _));
        }

        var random = new Random(4);
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            ExtendedHandshake.TryParse(SequenceBuilder.Split(mutated, random.Next(1, mutated.Length)), out _);
        }
    }
}
