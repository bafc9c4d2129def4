using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Publisher.TestSupport;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire.Interop;

/// <summary>Our PeerConnection against a real libtorrent seed on loopback.</summary>
public sealed class LibtorrentWireTests
{
    private const byte OurUtMetadataId = 2;
    private const int PieceLength = 64 * 1024;

    [Fact]
    public async Task PeerConnection_LibtorrentSeed_HandshakesAndDownloadsVerifiedPieceAndMetadata()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        await using var seed = await LibtorrentPeer.StartAsync(python, 300_000, PieceLength, "v1", "seed", ct);

        await using var connection = await ConnectAsync(seed, "-PB0001-interop00000"u8.ToArray(), ct);
        Assert.True(connection.FastExtension);
        Assert.True(connection.ExtensionProtocol);
        connection.PieceCount = seed.PieceHashes.Count;

        ExtendedHandshake? theirs = null;
        byte[]? metadata = null;
        var handler = new RecordingHandler
        {
            OnMessageCallback = (_, message) =>
            {
                if (message.Kind != PeerMessageKind.Extended)
                {
                    return;
                }

                if (message.ExtendedId == ExtendedHandshake.HandshakeId)
                {
                    Assert.True(ExtendedHandshake.TryParse(message.Payload, out theirs));
                }
                else if (message.ExtendedId == OurUtMetadataId)
                {
                    Assert.True(UtMetadataMessage.TryParse(message.Payload, seed.MetadataSize, out var data));
                    Assert.Equal(UtMetadataMessageType.Data, data.Type);
                    metadata = data.Data.ToArray();
                }
            },
        };
        for (var begin = 0; begin < PieceLength; begin += ProtocolLimits.BlockLength)
        {
            handler.ToRequest.Enqueue(new BlockRequest(0, begin, ProtocolLimits.BlockLength));
        }

        var run = connection.RunAsync(handler, ct);
        var ours = new ExtendedHandshake
        {
            Extensions = new(StringComparer.Ordinal) { [ExtendedHandshake.UtMetadata] = OurUtMetadataId },
            Client = "Publisher tests",
            RequestQueueLength = 250,
        };
        Assert.True(await connection.SendExtendedAsync(ExtendedHandshake.HandshakeId, ours.Encode(), ct));
        Assert.True(await connection.SendInterestedAsync(true, ct));

        await handler.WaitUntilAsync(() => theirs is not null || run.IsCompleted, ct);
        Assert.True(theirs is not null, $"no extension handshake: {connection.CloseInfo}");
        Assert.Equal(seed.MetadataSize, theirs.MetadataSize);
        Assert.NotNull(connection.RemoteExtensions);
        var utMetadata = theirs.IdOf(ExtendedHandshake.UtMetadata);
        Assert.NotEqual(0, utMetadata);
        Assert.True(handler.Messages.Contains(PeerMessageKind.HaveAll) || handler.Messages.Contains(PeerMessageKind.Bitfield));
        Assert.True(await connection.SendUtMetadataAsync(utMetadata, UtMetadataMessageType.Request, 0, 0, default, ct));

        await handler.WaitUntilAsync(() => !connection.PeerChoking || run.IsCompleted, ct);
        Assert.False(run.IsCompleted, connection.CloseInfo.ToString());
        await connection.RequestMoreAsync(handler, ct);
        await handler.WaitUntilAsync(() => (handler.Blocks.Count == 4 && metadata is not null) || run.IsCompleted, ct);

        Assert.False(run.IsCompleted, connection.CloseInfo.ToString());
        var piece = handler.Blocks.OrderBy(b => b.Block.Begin).SelectMany(b => b.Data).ToArray();
        Assert.Equal(PieceLength, piece.Length);
        Assert.Equal(seed.PieceHashes[0], SHA1.HashData(piece));
        Assert.Equal(seed.InfoHash, SHA1.HashData(metadata!));
        Assert.Empty(handler.Abandoned);

        connection.Close(PeerCloseReason.Local);
        Assert.Equal(PeerCloseReason.Local, (await run).Reason);
    }

    [Fact]
    public async Task PeerConnection_LibtorrentV2Seed_AnswersOurHashRequestWithThePieceLayer()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        await using var seed = await LibtorrentPeer.StartAsync(python, 300_000, PieceLength, "v2", "seed", ct);
        var root = seed.PiecesRoot!;
        var layer = seed.PieceLayer!;
        var pieceCount = layer.Length / 32;

        await using var connection = await ConnectAsync(seed, "-PB0001-interop00002"u8.ToArray(), ct);
        connection.PieceCount = pieceCount;
        byte[]? hashes = null;
        HashRequest answered = default;
        var handler = new RecordingHandler
        {
            OnMessageCallback = (_, message) =>
            {
                if (message.Kind == PeerMessageKind.Hashes)
                {
                    Assert.True(HashRequest.TryRead(message.Payload, out answered));
                    var echoedRoot = new byte[32];
                    HashRequest.CopyRoot(message.Payload, echoedRoot);
                    Assert.Equal(root, echoedRoot);
                    hashes = message.Payload.Slice(ProtocolLimits.HashRequestPayloadLength).ToArray();
                }
            },
        };
        var run = connection.RunAsync(handler, ct);
        await handler.WaitUntilAsync(() => handler.Messages.Contains(PeerMessageKind.HaveAll) || handler.Messages.Contains(PeerMessageKind.Bitfield) || run.IsCompleted, ct);

        // The piece layer: 64 KiB pieces are 2 layers above the 16 KiB leaves; 5 pieces pad to a layer of 8.
        var request = new HashRequest(root, BaseLayer: 2, Index: 0, Length: 8, ProofLayers: 0);
        Assert.True(await connection.SendHashRequestAsync(PeerMessageId.HashRequest, request, ct));
        await handler.WaitUntilAsync(() => hashes is not null || handler.Messages.Contains(PeerMessageKind.HashReject) || run.IsCompleted, ct);

        Assert.DoesNotContain(PeerMessageKind.HashReject, handler.Messages);
        Assert.True(hashes is not null, $"no hashes: {connection.CloseInfo}");
        Assert.Equal(2, answered.BaseLayer);
        Assert.Equal(8, answered.Length);
        Assert.Equal(layer, hashes.AsSpan(0, layer.Length).ToArray());
        connection.Close(PeerCloseReason.Local);
        await run;
    }

    [Fact]
    public async Task PeerConnection_LibtorrentLeecher_DownloadsEverythingWeServe()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        await using var leecher = await LibtorrentPeer.StartAsync(python, 500_000, PieceLength, "v1", "leech", ct);
        var payload = leecher.Payload;

        await using var connection = await ConnectAsync(leecher, "-PB0001-interop00003"u8.ToArray(), ct);
        connection.PieceCount = leecher.PieceHashes.Count;
        var requests = System.Threading.Channels.Channel.CreateUnbounded<BlockRequest>();
        var handler = new RecordingHandler
        {
            OnMessageCallback = (_, message) =>
            {
                if (message.Kind == PeerMessageKind.Request)
                {
                    requests.Writer.TryWrite(new BlockRequest(message.Index, message.Begin, message.Length));
                }
            },
        };
        var run = connection.RunAsync(handler, ct);
        Assert.True(await connection.SendHaveAllAsync(true, ct));
        Assert.True(await connection.SendUnchokeAsync(ct));

        // Serve requests until libtorrent reports that every piece passed its hash check.
        var serving = Task.Run(async () =>
        {
            await foreach (var block in requests.Reader.ReadAllAsync(ct))
            {
                var offset = ((long)block.Piece * PieceLength) + block.Begin;
                Assert.True(offset + block.Length <= payload.Length, $"request past the end: {block}");
                if (!await connection.SendPieceAsync(block, payload.AsMemory((int)offset, block.Length), ct))
                {
                    return;
                }
            }
        }, ct);

        Assert.True(await leecher.WaitForDownloadAsync(ct), leecher.Output);
        Assert.Equal(payload.Length, connection.UploadRate.Total);

        // Two seeds have nothing to say to each other: libtorrent may hang up first; it must not be for a violation.
        requests.Writer.Complete();
        connection.Close(PeerCloseReason.Local);
        var closed = await run;
        Assert.Equal(WireViolation.None, closed.Violation);
        await serving;
    }

    /// <summary>
    /// Connects and handshakes with fast and extension bits. Right after a torrent starts, libtorrent may still drop
    /// incoming peers for a moment: a connection it closes during the handshake is retried (at most 10 s).
    /// </summary>
    private static async Task<PeerConnection> ConnectAsync(LibtorrentPeer peer, byte[] peerId, CancellationToken ct)
    {
        var local = new PeerHandshake(PeerCapabilities.Fast | PeerCapabilities.Extensions, peer.InfoHash, peerId);
        var last = default(PeerCloseInfo);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var connection = await PeerConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, peer.Port), null, null, ct);
            if (await connection.HandshakeAsync(local, default, ct) is not null)
            {
                return connection;
            }

            last = connection.CloseInfo;
            Assert.Contains(last.Reason, new[] { PeerCloseReason.RemoteClosed, PeerCloseReason.TransportError });
            await connection.DisposeAsync();
            await Task.Delay(250, ct);
        }

        Assert.Fail($"libtorrent never accepted the handshake ({last})\n{peer.Output}");
        return null!;
    }
}
