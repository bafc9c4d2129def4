using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

/// <content>Messages and blocks both ways, choke/reject handling, backpressure, batching, extension handshake.</content>
public sealed partial class PeerConnectionTests
{
    [Fact]
    public async Task RunAsync_TwoConnections_ExchangeMessagesAndBlocks()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, server) = await ConnectPairAsync(ct);
        await using var _ = client;
        await using var __ = server;
        var data = new byte[40000];
        new Random(5).NextBytes(data);
        var leecher = new RecordingHandler();
        var seeder = new RecordingHandler
        {
            OnMessageCallback = (connection, message) =>
            {
                if (message.Kind == PeerMessageKind.Request)
                {
                    var block = new BlockRequest(message.Index, message.Begin, message.Length);
                    connection.SendPieceAsync(block, data.AsMemory(message.Begin, message.Length), CancellationToken.None).AsTask().Ignore();
                }
            },
        };
        leecher.ToRequest.Enqueue(new BlockRequest(0, 0, 16384));
        leecher.ToRequest.Enqueue(new BlockRequest(0, 16384, 16384));
        leecher.ToRequest.Enqueue(new BlockRequest(0, 32768, 40000 - 32768));
        var leecherRun = client.RunAsync(leecher, ct);
        var seederRun = server.RunAsync(seeder, ct);

        Assert.True(await server.SendHaveAllAsync(true, ct));
        Assert.True(await client.SendInterestedAsync(true, ct));
        await seeder.WaitUntilAsync(() => seeder.Messages.Contains(PeerMessageKind.Interested), ct);
        Assert.True(server.PeerInterested);
        Assert.True(await server.SendUnchokeAsync(ct));
        await leecher.WaitUntilAsync(() => leecher.Messages.Contains(PeerMessageKind.Unchoke), ct);
        await client.RequestMoreAsync(leecher, ct);
        await leecher.WaitUntilAsync(() => leecher.Blocks.Count == 3, ct);

        var received = leecher.Blocks.OrderBy(b => b.Block.Begin).SelectMany(b => b.Data).ToArray();
        Assert.Equal(data, received);
        Assert.Equal(0, client.OutstandingRequestCount);
        Assert.Equal(data.Length, client.DownloadRate.Total);
        Assert.Equal(data.Length, server.UploadRate.Total);
        Assert.Contains(PeerMessageKind.HaveAll, leecher.Messages);

        client.Close(PeerCloseReason.Local);
        Assert.Equal(PeerCloseReason.Local, (await leecherRun).Reason);
        Assert.Equal(PeerCloseReason.RemoteClosed, (await seederRun.WaitAsync(TimeSpan.FromSeconds(10), ct)).Reason);
    }

    [Fact]
    public async Task RunAsync_ChokeWithoutFastExtension_AbandonsOutstandingRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, PeerCapabilities.None, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        handler.ToRequest.Enqueue(new BlockRequest(5, 0, 16384));
        var run = connection.RunAsync(handler, ct);
        await peer.ReadAsync(ProtocolLimits.HandshakeLength, ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteSimple(s, PeerMessageId.Unchoke)), ct);
        await peer.ReadAsync(MessageWriter.BlockMessageLength, ct);

        await peer.WriteAsync(Encode(s => MessageWriter.WriteSimple(s, PeerMessageId.Choke)), ct);

        await handler.WaitUntilAsync(() => handler.Abandoned.Count == 1, ct);
        Assert.True(connection.PeerChoking);
        Assert.Equal(0, connection.OutstandingRequestCount);
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_RejectForOutstandingRequest_HandsItBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var block = new BlockRequest(5, 16384, 16384);
        handler.ToRequest.Enqueue(block);
        connection.RunAsync(handler, ct).Ignore();
        await peer.ReadAsync(ProtocolLimits.HandshakeLength, ct);
        await peer.WriteAsync(Encode(s => MessageWriter.WriteIndex(s, PeerMessageId.AllowedFast, 5)), ct);
        await handler.WaitUntilAsync(() => connection.IsAllowedFast(5), ct);

        // Choked, but piece 5 is allowed fast: the request goes out.
        await connection.RequestMoreAsync(handler, ct);
        Assert.Equal([block], ParseBlocks(await peer.ReadAsync(MessageWriter.BlockMessageLength, ct), PeerMessageId.Request));
        await peer.WriteAsync(Encode(s => MessageWriter.WriteBlock(s, PeerMessageId.RejectRequest, 5, 16384, 16384)), ct);

        await handler.WaitUntilAsync(() => handler.Abandoned.Count == 1, ct);
        Assert.Equal(block, handler.Abandoned.Single());
    }

    [Fact]
    public async Task SendPieceAsync_PeerNotReading_WaitsForTheTransport()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        await peer.ReadAsync(ProtocolLimits.HandshakeLength, ct);
        var block = new byte[ProtocolLimits.BlockLength];
        const int total = 4000; // 64 MiB: far more than the kernel's socket buffers hold.
        var sent = 0;
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                Assert.True(await connection.SendPieceAsync(new BlockRequest(0, 0, block.Length), block, ct));
                Interlocked.Increment(ref sent);
            }
        }, ct);

        // Wait until sending is blocked (a flush pending, no progress) while the peer reads nothing.
        var last = await WaitForSendStallAsync(connection, () => Volatile.Read(ref sent), ct);

        Assert.InRange(last, 1, total - 1);
        Assert.False(sender.IsCompleted);

        // Reading drains it.
        await peer.ReadAsync(total * (MessageWriter.PieceHeaderLength + block.Length), ct);
        await sender.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(total, sent);
    }

    [Fact]
    public async Task SendPiecesAsync_ThreeBlocks_ArriveAsThreePieceMessages()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        await peer.ReadAsync(ProtocolLimits.HandshakeLength, ct);
        var data = new byte[16384 + 16384 + 500];
        new Random(9).NextBytes(data);
        BlockRequest[] blocks = [new(2, 0, 16384), new(2, 16384, 16384), new(3, 0, 500)];

        Assert.True(await connection.SendPiecesAsync(blocks, data, ct));

        var bytes = await peer.ReadAsync((3 * MessageWriter.PieceHeaderLength) + data.Length, ct);
        var parser = new MessageParser { PieceCount = 10 };
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        var offset = 0;
        foreach (var block in blocks)
        {
            Assert.Equal(WireReadStatus.Message, parser.TryRead(ref buffer, out var message, out var violation));
            Assert.Equal(WireViolation.None, violation);
            Assert.Equal(block, new BlockRequest(message.Index, message.Begin, message.Length));
            Assert.Equal(data.AsSpan(offset, block.Length).ToArray(), System.Buffers.BuffersExtensions.ToArray(message.Payload));
            offset += block.Length;
        }

        Assert.Equal(data.Length, connection.UploadRate.Total);
    }

    [Fact]
    public async Task RunAsync_ExtensionHandshake_ParsedAndReqqCapsThePipeline()
    {
        var ct = TestContext.Current.CancellationToken;
        var (connection, peer) = await ConnectToRawPeerAsync(null, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        var run = connection.RunAsync(handler, ct);
        var payload = new ExtendedHandshake { Extensions = new(StringComparer.Ordinal) { ["ut_metadata"] = 4 }, RequestQueueLength = 7, MetadataSize = 1000 }.Encode();

        await peer.WriteAsync(Encode(s => MessageWriter.WriteExtended(s, 0, payload)), ct);

        await handler.WaitUntilAsync(() => connection.RemoteExtensions is not null, ct);
        Assert.Equal(4, connection.RemoteExtensions!.IdOf("ut_metadata"));
        Assert.Equal(7, connection.PeerRequestQueueLength);
        Assert.Equal(7, connection.TargetRequestDepth);
        Assert.Contains(PeerMessageKind.Extended, handler.Messages);

        await peer.WriteAsync(Encode(s => MessageWriter.WriteExtended(s, 0, "i5e"u8)), ct);
        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(WireViolation.BadExtendedMessage, closed.Violation);
    }

    [Fact]
    public async Task TargetRequestDepth_MeasuredRate_CoversOneSecondWithinBounds()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();
        var (connection, peer) = await ConnectToRawPeerAsync(time, All, ct);
        await using var _ = connection;
        using var __ = peer;
        var handler = new RecordingHandler();
        connection.RunAsync(handler, ct).Ignore();
        Assert.Equal(16, connection.TargetRequestDepth);

        connection.DownloadRate.Add(100 * ProtocolLimits.BlockLength);
        time.Advance(TimeSpan.FromSeconds(1));
        await handler.WaitUntilAsync(() => connection.TargetRequestDepth != 16, ct);
        Assert.Equal(100, connection.TargetRequestDepth);

        connection.DownloadRate.Add(10_000 * ProtocolLimits.BlockLength);
        time.Advance(TimeSpan.FromSeconds(1));
        await handler.WaitUntilAsync(() => connection.TargetRequestDepth != 100, ct);
        Assert.Equal(ProtocolLimits.MaxOutstandingRequests, connection.TargetRequestDepth);

        // A stalled peer decays toward the minimum.
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await handler.WaitUntilAsync(() => connection.TargetRequestDepth == 4, ct);
    }
}
