using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

/// <content>The order rules for availability messages (bitfield, have all, have none).</content>
public sealed partial class PeerConnectionTests
{
    [Fact]
    public async Task RunAsync_HaveNoneThenBitfield_AcceptsTheBitfield()
    {
        // aria2 1.36 sends have-none first and its real bitfield later; closing it made aria2 unusable.
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);

        await peer.WriteAsync(Encode(s => MessageWriter.WriteSimple(s, PeerMessageId.HaveNone)), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteBitfield(s, new byte[] { 0b1010_0000, 0 })), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteKeepAlive(s)), ct);

        await handler.WaitUntilAsync(() => handler.Messages.Contains(PeerMessageKind.Bitfield), ct);
        Assert.False(run.IsCompleted);
        Assert.Equal([PeerMessageKind.HaveNone, PeerMessageKind.Bitfield], handler.Messages.Where(m => m is PeerMessageKind.HaveNone or PeerMessageKind.Bitfield));
    }

    [Fact]
    public async Task RunAsync_BitfieldsAfterHaves_AreDeliveredAsUpdates()
    {
        // aria2 1.36 sends haves and then bitfields again mid-connection; closing it made aria2 reconnect endlessly.
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);

        await peer.WriteAsync(Encode(s => MessageWriter.WriteSimple(s, PeerMessageId.HaveNone)), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteIndex(s, PeerMessageId.Have, 3)), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteBitfield(s, new byte[] { 0b1001_0000, 0 })), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteBitfield(s, new byte[] { 0b1101_0000, 0 })), ct);

        await handler.WaitUntilAsync(() => handler.Messages.Count(m => m == PeerMessageKind.Bitfield) == 2, ct);
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_HaveAllAfterABitfield_ClosesWithLateBitfield()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var run = connection.RunAsync(new RecordingHandler(), ct);

        await peer.WriteAsync(Encode(s => MessageWriter.WriteBitfield(s, new byte[] { 0b1000_0000, 0 })), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteSimple(s, PeerMessageId.HaveAll)), ct);

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(WireViolation.LateBitfield, closed.Violation);
    }
}
