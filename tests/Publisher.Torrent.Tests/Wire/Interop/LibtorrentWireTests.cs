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
        await using var seed = await LibtorrentSeed.StartAsync(python, 300_000, PieceLength, ct);

        await using var connection = await PeerConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, seed.Port), null, null, ct);
        var local = new PeerHandshake(PeerCapabilities.Fast | PeerCapabilities.Extensions, seed.InfoHash, "-PB0001-interop00000"u8);
        var remote = await connection.HandshakeAsync(local, default, ct);
        Assert.True(remote is not null, $"handshake failed: {connection.CloseInfo}\n{seed.Output}");
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
}
