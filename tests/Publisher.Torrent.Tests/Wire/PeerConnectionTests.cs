using System.Buffers.Binary;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class PeerConnectionTests
{
    private const PeerCapabilities All = PeerCapabilities.Fast | PeerCapabilities.Extensions;
    private static readonly byte[] InfoHash = Enumerable.Range(100, 20).Select(i => (byte)i).ToArray();
    private static readonly byte[] ClientId = "-PB0001-client000000"u8.ToArray();
    private static readonly byte[] ServerId = "-PB0001-server000000"u8.ToArray();

    [Theory]
    [InlineData((ulong)All, (ulong)All, true, true)]
    [InlineData((ulong)All, 0UL, false, false)]
    [InlineData((ulong)PeerCapabilities.Fast, (ulong)All, true, false)]
    public async Task HandshakeAsync_LoopbackPair_ExchangesIdsAndNegotiatesExtensions(ulong clientBits, ulong serverBits, bool fast, bool extensions)
    {
        var client = (PeerCapabilities)clientBits;
        var server = (PeerCapabilities)serverBits;
        var ct = TestContext.Current.CancellationToken;
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        await using var initiator = PeerConnection.FromSocket(clientSocket, null, null);
        await using var receiver = PeerConnection.FromSocket(serverSocket, null, null);

        var handshake = initiator.HandshakeAsync(new PeerHandshake(client, InfoHash, ClientId), default, ct).AsTask();
        var received = await receiver.ReceiveHandshakeAsync(ct);
        Assert.NotNull(received);
        Assert.Equal(InfoHash, received.InfoHash.ToArray());
        Assert.True(await receiver.SendHandshakeAsync(new PeerHandshake(server, received.InfoHash.Span, ServerId), ct));
        var answer = await handshake;

        Assert.NotNull(answer);
        Assert.Equal(ServerId, answer.PeerId.ToArray());
        Assert.Equal(ClientId, received.PeerId.ToArray());
        Assert.Equal(fast, initiator.FastExtension);
        Assert.Equal(fast, receiver.FastExtension);
        Assert.Equal(extensions, initiator.ExtensionProtocol);
        Assert.Equal(extensions, receiver.ExtensionProtocol);
    }

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

        // Wait until sending stalls (no progress over 200 ms) while the peer reads nothing.
        var last = -1;
        for (var i = 0; i < 100 && Volatile.Read(ref sent) != last; i++)
        {
            last = Volatile.Read(ref sent);
            await Task.Delay(200, ct);
        }

        Assert.InRange(last, 1, total - 1);
        Assert.False(sender.IsCompleted);

        // Reading drains it.
        await peer.ReadAsync(total * (MessageWriter.PieceHeaderLength + block.Length), ct);
        await sender.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(total, sent);
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
        var last = -1L;
        for (var i = 0; i < 100 && connection.UploadRate.Total != last; i++)
        {
            last = connection.UploadRate.Total;
            await Task.Delay(200, ct);
        }

        var have = Encode(s => MessageWriter.WriteIndex(s, PeerMessageId.Have, 1));
        for (var second = 0; second < 200 && !run.IsCompleted; second++)
        {
            if (second % 30 == 0)
            {
                var haves = handler.Messages.Count(k => k == PeerMessageKind.Have);
                await peer.WriteAsync(have, ct);
                await handler.WaitUntilAsync(() => handler.Messages.Count(k => k == PeerMessageKind.Have) > haves, ct);
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var closed = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(PeerCloseReason.IdleTimeout, closed.Reason);
        Assert.Contains("stopped reading", closed.Message, StringComparison.Ordinal);
        await sender.WaitAsync(TimeSpan.FromSeconds(10), ct);
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

    private static async Task<(PeerConnection Client, PeerConnection Server)> ConnectPairAsync(CancellationToken ct)
    {
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        var client = PeerConnection.FromSocket(clientSocket, null, null);
        var server = PeerConnection.FromSocket(serverSocket, null, null);
        var handshake = client.HandshakeAsync(new PeerHandshake(All, InfoHash, ClientId), default, ct).AsTask();
        Assert.NotNull(await server.ReceiveHandshakeAsync(ct));
        Assert.True(await server.SendHandshakeAsync(new PeerHandshake(All, InfoHash, ServerId), ct));
        Assert.NotNull(await handshake);
        client.PieceCount = 10;
        server.PieceCount = 10;
        return (client, server);
    }

    /// <summary>Our connection (handshake done, our handshake still unread by the peer) and a raw far end.</summary>
    private static async Task<(PeerConnection Connection, RawPeer Peer)> ConnectToRawPeerAsync(TimeProvider? time, PeerCapabilities peerCapabilities, CancellationToken ct)
    {
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        var connection = PeerConnection.FromSocket(clientSocket, null, time);
        var peer = new RawPeer(serverSocket);
        await peer.WriteHandshakeAsync(new PeerHandshake(peerCapabilities, InfoHash, ServerId), ct);
        Assert.NotNull(await connection.HandshakeAsync(new PeerHandshake(All, InfoHash, ClientId), default, ct));
        connection.PieceCount = 10;
        return (connection, peer);
    }

    private static byte[] Encode(WireSamples.SpanWriter write) => WireSamples.Encode(write);

    private static BlockRequest[] ParseBlocks(byte[] bytes, PeerMessageId id)
    {
        var blocks = new List<BlockRequest>();
        for (var at = 0; at < bytes.Length; at += MessageWriter.BlockMessageLength)
        {
            Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at)));
            Assert.Equal((byte)id, bytes[at + 4]);
            blocks.Add(new BlockRequest(
                BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 5)),
                BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 9)),
                BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 13))));
        }

        return [.. blocks];
    }
}
