using System.Buffers;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class PeerHandshakeTests
{
    private static readonly byte[] InfoHash = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeerId = "-PB0001-abcdefghijkl"u8.ToArray();

    [Fact]
    public void TryRead_EncodedHandshake_RoundTrips()
    {
        var handshake = new PeerHandshake(PeerCapabilities.Fast | PeerCapabilities.Extensions | PeerCapabilities.V2Upgrade, InfoHash, PeerId);
        var bytes = new byte[ProtocolLimits.HandshakeLength + 3];
        Assert.Equal(68, handshake.WriteTo(bytes));
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(WireReadStatus.Message, PeerHandshake.TryRead(ref buffer, out var parsed, out _));

        Assert.Equal(3, buffer.Length);
        Assert.NotNull(parsed);
        Assert.Equal(handshake.Capabilities, parsed.Capabilities);
        Assert.Equal(InfoHash, parsed.InfoHash.ToArray());
        Assert.Equal(PeerId, parsed.PeerId.ToArray());
    }

    [Fact]
    public void WriteTo_ReservedBits_AtTheBep6Bep10Bep52Positions()
    {
        var bytes = new byte[68];
        new PeerHandshake(PeerCapabilities.Fast | PeerCapabilities.Extensions | PeerCapabilities.V2Upgrade | PeerCapabilities.Dht, InfoHash, PeerId).WriteTo(bytes);
        Assert.Equal(19, bytes[0]);
        Assert.Equal("BitTorrent protocol"u8.ToArray(), bytes[1..20]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x15 }, bytes[20..28]);
    }

    [Fact]
    public void TryRead_EveryPrefix_NeedsMore()
    {
        var bytes = new byte[68];
        new PeerHandshake(PeerCapabilities.Fast, InfoHash, PeerId).WriteTo(bytes);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(WireReadStatus.NeedMore, PeerHandshake.TryRead(ref buffer, out _, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x45, 0x54, 0x20 })]
    [InlineData(new byte[] { 19, (byte)'B', (byte)'i', (byte)'x' })]
    [InlineData(new byte[] { 0 })]
    public void TryRead_Garbage_ViolationBeforeAFullHandshake(byte[] garbage)
    {
        var buffer = new ReadOnlySequence<byte>(garbage);
        Assert.Equal(WireReadStatus.Violation, PeerHandshake.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.BadProtocolString, violation);
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrow()
    {
        var random = new Random(99);
        var template = new byte[68];
        new PeerHandshake(PeerCapabilities.None, InfoHash, PeerId).WriteTo(template);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])template.Clone();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var buffer = SequenceBuilder.Split(bytes, random.Next(1, bytes.Length));
            var status = PeerHandshake.TryRead(ref buffer, out var parsed, out _);
            Assert.True(status == WireReadStatus.Violation || parsed is not null);
        }
    }
}
