using System.Buffers;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class UtMetadataMessageTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void WriteRequestOrReject_ThenTryParse_RoundTrips(int type)
    {
        var buffer = new byte[UtMetadataMessage.MaxHeaderLength];
        var written = UtMetadataMessage.WriteRequestOrReject(buffer, (UtMetadataMessageType)type, 7);
        Assert.Equal(type == 0 ? "d8:msg_typei0e5:piecei7ee" : "d8:msg_typei2e5:piecei7ee", System.Text.Encoding.ASCII.GetString(buffer, 0, written));

        Assert.True(UtMetadataMessage.TryParse(new ReadOnlySequence<byte>(buffer, 0, written), 0, out var message));
        Assert.Equal((UtMetadataMessageType)type, message.Type);
        Assert.Equal(7, message.Piece);
    }

    [Fact]
    public void WriteDataHeader_LastPiece_ParsesWithItsData()
    {
        const int totalSize = (2 * 16384) + 100;
        var payload = new byte[UtMetadataMessage.MaxHeaderLength + 100];
        var header = UtMetadataMessage.WriteDataHeader(payload, 2, totalSize);
        new Random(1).NextBytes(payload.AsSpan(header, 100));

        Assert.True(UtMetadataMessage.TryParse(new ReadOnlySequence<byte>(payload, 0, header + 100), totalSize, out var message));
        Assert.Equal(UtMetadataMessageType.Data, message.Type);
        Assert.Equal(totalSize, message.TotalSize);
        Assert.Equal(payload.AsSpan(header, 100).ToArray(), message.Data.ToArray());

        Assert.False(UtMetadataMessage.TryParse(new ReadOnlySequence<byte>(payload, 0, header + 99), totalSize, out _));
        Assert.False(UtMetadataMessage.TryParse(new ReadOnlySequence<byte>(payload, 0, header + 100), totalSize + 1, out _));
    }

    [Theory]
    [InlineData("d8:msg_typei1e5:piecei0e10:total_sizei999999999ee")]
    [InlineData("d8:msg_typei1e5:piecei5e10:total_sizei100ee")]
    [InlineData("d8:msg_typei7e5:piecei0ee")]
    [InlineData("d8:msg_typei0e5:piecei-1ee")]
    [InlineData("d8:msg_typei0ee")]
    [InlineData("d8:msg_typei0e5:piecei0eeEXTRA")]
    [InlineData("d8:msg_type1:05:piecei0ee")]
    public void TryParse_Malformed_False(string text)
    {
        Assert.False(UtMetadataMessage.TryParse(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text)), 0, out _));
    }

    [Fact]
    public void TryParse_Mutations_NeverThrow()
    {
        var payload = new byte[UtMetadataMessage.MaxHeaderLength + 50];
        var header = UtMetadataMessage.WriteDataHeader(payload, 0, 50);
        var bytes = payload[..(header + 50)];
        var random = new Random(6);
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[random.Next(header)] = (byte)random.Next(256);
            UtMetadataMessage.TryParse(SequenceBuilder.Split(mutated, random.Next(1, mutated.Length)), 0, out _);
        }
    }
}
