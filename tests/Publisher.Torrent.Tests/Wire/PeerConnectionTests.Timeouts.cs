using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

/// <content>Handshake, idle and stale-request timeouts on the manual clock.</content>
public sealed partial class PeerConnectionTests
{
    [Fact]
    public async Task ReceiveHandshakeAsync_SilentPeer_TimesOutOnTheInjectedClock()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        await using var receiver = PeerConnection.FromSocket(serverSocket, null, time);
        using var peer = new RawPeer(clientSocket);
        await peer.WriteAsync("\u0013BitTorrent"u8.ToArray(), ct);

        var pending = receiver.ReceiveHandshakeAsync(ct).AsTask();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await pending.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal(PeerCloseReason.HandshakeTimeout, receiver.CloseInfo.Reason);
    }

    [Fact]
    public async Task RunAsync_SilentPeer_KeepAliveThenIdleTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();
        var (connection, peer) = await ConnectToRawPeerAsync(time, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);
        await peer.ReadAsync(ProtocolLimits.HandshakeLength, ct);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(new byte[4], await peer.ReadAsync(4, ct));
        Assert.False(run.IsCompleted);
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(PeerCloseReason.IdleTimeout, closed.Reason);
        Assert.Equal(closed, await handler.Closed.Task);
    }

    [Fact]
    public async Task RunAsync_PeerStalls_StaleRequestsCancelledAndHandedBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();
        var (connection, peer) = await ConnectToRawPeerAsync(time, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var blocks = new[] { new BlockRequest(1, 0, 16384), new BlockRequest(1, 16384, 16384), new BlockRequest(2, 0, 100) };
        foreach (var block in blocks)
        {
            handler.ToRequest.Enqueue(block);
        }

        var run = connection.RunAsync(handler, ct);
        await peer.ReadAsync(ProtocolLimits.HandshakeLength, ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteSimple(s, PeerMessageId.Unchoke)), ct);
        var requests = await peer.ReadAsync(3 * MessageWriter.BlockMessageLength, ct);
        Assert.Equal(blocks, ParseBlocks(requests, PeerMessageId.Request));
        Assert.Equal(3, connection.OutstandingRequestCount);

        // Keep the peer alive (a have every 5 s) but never answer: the requests go stale after 20 s.
        for (var second = 0; second < 21 && handler.Abandoned.IsEmpty; second++)
        {
            if (second % 5 == 0)
            {
                await peer.WriteAsync(Encode(s => MessageWriter.WriteIndex(s, PeerMessageId.Have, 3)), ct);
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        await handler.WaitUntilAsync(() => handler.Abandoned.Count == 3, ct);
        Assert.Equal(blocks, handler.Abandoned.ToArray());
        var cancels = await peer.ReadAsync(3 * MessageWriter.BlockMessageLength, ct);
        Assert.Equal(blocks, ParseBlocks(cancels, PeerMessageId.Cancel));
        Assert.Equal(0, connection.OutstandingRequestCount);

        // A late answer to a cancelled request is dropped quietly, not treated as unsolicited.
        await peer.WriteAsync(Encode(s => MessageWriter.WritePiece(s, 2, 0, new byte[100])), ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteIndex(s, PeerMessageId.Have, 4)), ct);
        await handler.WaitUntilAsync(() => handler.Messages.Count(k => k == PeerMessageKind.Have) >= 3, ct);
        Assert.False(run.IsCompleted);
        Assert.Empty(handler.Blocks);
    }

    [Fact]
    public async Task RunAsync_PeerStopsReading_ClosedAfterTheIdleTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();
        var (connection, peer) = await ConnectToRawPeerAsync(time, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);
        var block = new byte[ProtocolLimits.BlockLength];
        var sender = Task.Run(async () =>
        {
            while (await connection.SendPieceAsync(new BlockRequest(0, 0, block.Length), block, ct))
            {
            }
        }, ct);

        // Let the sender fill the socket buffers, then keep talking (so the peer is not idle) without reading.
        await WaitForSendStallAsync(connection, () => connection.UploadRate.Total, ct);

        var have = Encode(s => MessageWriter.WriteIndex(s, PeerMessageId.Have, 1));
        for (var second = 0; second < 1000 && !run.IsCompleted; second++)
        {
            if (second % 30 == 0)
            {
                var haves = handler.Messages.Count(k => k == PeerMessageKind.Have);
                try
                {
                    await peer.WriteAsync(have, ct);
                }
                catch (IOException)
                {
                    // The timeout closed the connection between advancing the clock and this write (seen on a
                    // loaded CI machine); the assertions below check that it closed for the right reason.
                    break;
                }

                await handler.WaitUntilAsync(() => handler.Messages.Count(k => k == PeerMessageKind.Have) > haves || connection.IsClosed, ct);
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(PeerCloseReason.IdleTimeout, closed.Reason);
        Assert.Contains("stopped reading", closed.Message, StringComparison.Ordinal);
        await sender.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
