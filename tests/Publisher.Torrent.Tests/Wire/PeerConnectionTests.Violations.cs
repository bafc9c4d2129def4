using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

/// <content>Hostile peers: garbage, wrong torrents, oversized prefixes, unsolicited pieces, request floods.</content>
public sealed partial class PeerConnectionTests
{
    [Fact]
    public async Task HandshakeAsync_OtherInfoHash_ClosesWithMismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        await using var initiator = PeerConnection.FromSocket(clientSocket, null, null);
        using var peer = new RawPeer(serverSocket);
        await peer.WriteHandshakeAsync(new PeerHandshake(All, new byte[20], ServerId), ct);

        var answer = await initiator.HandshakeAsync(new PeerHandshake(All, InfoHash, ClientId), default, ct);

        Assert.Null(answer);
        Assert.Equal(WireViolation.InfoHashMismatch, initiator.CloseInfo.Violation);
        Assert.True(await peer.IsClosedAsync(ct));
    }

    [Fact]
    public async Task ReceiveHandshakeAsync_HttpGarbage_ClosesWithoutWaitingFor68Bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        await using var receiver = PeerConnection.FromSocket(serverSocket, null, null);
        using var peer = new RawPeer(clientSocket);
        await peer.WriteAsync("GET / HTTP/1.1\r\n"u8.ToArray(), ct);

        Assert.Null(await receiver.ReceiveHandshakeAsync(ct));
        Assert.Equal(PeerCloseReason.ProtocolViolation, receiver.CloseInfo.Reason);
        Assert.Equal(WireViolation.BadProtocolString, receiver.CloseInfo.Violation);
    }

    [Fact]
    public async Task RunAsync_UnsolicitedPiece_ClosesWithViolation()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);

        await peer.WriteAsync(Encode(s => MessageWriter.WritePiece(s, 0, 0, new byte[10])), ct);

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(WireViolation.UnsolicitedPiece, closed.Violation);
        Assert.Empty(handler.Blocks);
    }

    [Fact]
    public async Task RunAsync_OversizedLengthPrefix_ClosesBeforeTheBodyArrives()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var run = connection.RunAsync(new RecordingHandler(), ct);

        await peer.WriteAsync([0x10, 0, 0, 0, (byte)PeerMessageId.Piece], ct);

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(PeerCloseReason.ProtocolViolation, closed.Reason);
        Assert.Equal(WireViolation.MessageTooLong, closed.Violation);
        Assert.True(await peer.IsClosedAsync(ct));
    }

    [Fact]
    public async Task RunAsync_PeerFloodsRequests_ClosedPastTheQueueLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);
        var request = Encode(s => MessageWriter.WriteBlock(s, PeerMessageId.Request, 1, 0, ProtocolLimits.BlockLength));
        var cancel = Encode(s => MessageWriter.WriteBlock(s, PeerMessageId.Cancel, 1, 0, ProtocolLimits.BlockLength));

        // Cancelled requests do not count.
        await peer.WriteAsync([.. Enumerable.Repeat(request.Concat(cancel), ProtocolLimits.MaxIncomingRequests).SelectMany(b => b)], ct);
        await peer.WriteAsync([.. Enumerable.Repeat(request, ProtocolLimits.MaxIncomingRequests).SelectMany(b => b)], ct);
        await handler.WaitUntilAsync(() => handler.Requested.Count == 2 * ProtocolLimits.MaxIncomingRequests, ct);
        Assert.Equal(ProtocolLimits.MaxIncomingRequests, connection.IncomingRequestCount);
        Assert.False(run.IsCompleted);

        await peer.WriteAsync(request, ct);

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(WireViolation.TooManyRequests, closed.Violation);
    }

    [Fact]
    public async Task RunAsync_RandomBytesAfterHandshake_ClosesWithAViolationNeverThrows()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(77);
        for (var round = 0; round < 5; round++)
        {
            var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
            await using var _ = connection;
            using var __ = peer;
            var handler = new RecordingHandler();
            var run = connection.RunAsync(handler, ct);
            var junk = new byte[64 * 1024];
            random.NextBytes(junk);

            await peer.WriteAsync(junk, ct);

            var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.Equal(PeerCloseReason.ProtocolViolation, closed.Reason);
            Assert.Empty(handler.Blocks);
        }
    }
}
