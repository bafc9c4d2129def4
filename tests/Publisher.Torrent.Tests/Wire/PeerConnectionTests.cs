using System.Buffers.Binary;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed partial class PeerConnectionTests
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
    public async Task HandshakeAsync_HybridUpgradedToV2_AcceptsTheAlternativeInfoHash()
    {
        var ct = TestContext.Current.CancellationToken;
        var v2 = Enumerable.Range(0, 32).Select(i => (byte)(200 + i)).ToArray();
        var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
        await using var initiator = PeerConnection.FromSocket(clientSocket, null, null);
        using var peer = new RawPeer(serverSocket);
        await peer.WriteHandshakeAsync(new PeerHandshake(All | PeerCapabilities.V2Upgrade, v2.AsSpan(0, 20), ServerId), ct);

        var answer = await initiator.HandshakeAsync(new PeerHandshake(All | PeerCapabilities.V2Upgrade, InfoHash, ClientId), v2, ct);

        Assert.NotNull(answer);
        Assert.True(answer.Supports(PeerCapabilities.V2Upgrade));
        Assert.Equal(v2[..20], answer.InfoHash.ToArray());
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

    /// <summary>Waits until sending is blocked: a flush is pending and <paramref name="progress"/> stands still for 600 ms.</summary>
    private static async Task<long> WaitForSendStallAsync(PeerConnection connection, Func<long> progress, CancellationToken ct)
    {
        var last = progress();
        var still = 0;
        for (var i = 0; i < 150 && still < 3; i++)
        {
            await Task.Delay(200, ct);
            var now = progress();
            still = now == last && connection.IsSendPending ? still + 1 : 0;
            last = now;
        }

        Assert.True(still >= 3, "sending never blocked");
        return last;
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
