using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <summary>
/// Fetches a torrent's info dictionary from peers with BEP 9 (ut_metadata), one peer at a time: the peer's announced
/// size is checked against <see cref="ProtocolLimits.MaxMetadataSize"/> before anything is allocated, pieces are
/// requested in order, and the result must hash to the magnet link's info hash (SHA-1 for v1 and hybrid, SHA-256 for
/// v2) or the peer is dropped and the next one tried.
/// </summary>
internal sealed class MetadataFetcher(TorrentEngine engine, MagnetLink magnet) : IPeerMessageHandler
{
    private static readonly TimeSpan PieceTimeout = TimeSpan.FromSeconds(15);
    private readonly Lock _gate = new();
    private TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool> _piece = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _buffer;
    private int _size;
    private int _expectedPiece;

    /// <summary>Tries each peer in turn (in rounds until cancelled); returns the verified info dictionary bytes.</summary>
    public async Task<byte[]> FetchAsync(Func<IReadOnlyList<IPEndPoint>> peers, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var endPoint in peers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = await TryPeerAsync(endPoint, cancellationToken).ConfigureAwait(false);
                if (bytes is not null)
                {
                    return bytes;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), engine.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> TryPeerAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        _ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        PeerConnection connection;
        try
        {
            connection = await PeerConnection.ConnectAsync(endPoint, engine.ConnectionOptions, engine.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        await using (connection.ConfigureAwait(false))
        {
            var hash = magnet.InfoHashes.Primary.ToArray();
            var alternative = magnet.InfoHashes.V1 is not null && magnet.InfoHashes.V2 is { } v2 ? v2.ToArray() : [];
            var remote = await connection.HandshakeAsync(engine.CreateHandshake(hash), alternative, cancellationToken).ConfigureAwait(false);
            if (remote is null || !connection.ExtensionProtocol)
            {
                return null;
            }

            var ours = new ExtendedHandshake { Client = "Publisher", Extensions = { [ExtendedHandshake.UtMetadata] = TorrentSession.LocalUtMetadataId } };
            if (!await connection.SendExtendedAsync(ExtendedHandshake.HandshakeId, ours.Encode(), cancellationToken).ConfigureAwait(false)
                || (connection.FastExtension && !await connection.SendHaveAllAsync(false, cancellationToken).ConfigureAwait(false)))
            {
                return null;
            }

            var run = connection.RunAsync(this, cancellationToken);
            try
            {
                return await DownloadAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                connection.Close(PeerCloseReason.Local, message: "metadata fetched");
                await run.ConfigureAwait(false);
                lock (_gate)
                {
                    _buffer = null;
                }
            }
        }
    }

    private async Task<byte[]?> DownloadAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        if (!await WaitAsync(_ready.Task, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var extensions = connection.RemoteExtensions!;
        var id = extensions.IdOf(ExtendedHandshake.UtMetadata);
        if (id == 0 || extensions.MetadataSize is not { } size || size <= 0 || size > ProtocolLimits.MaxMetadataSize)
        {
            return null;
        }

        lock (_gate)
        {
            _size = size;
            _buffer = new byte[size];
        }

        var pieces = UtMetadataMessage.PieceCountOf(size);
        for (var piece = 0; piece < pieces; piece++)
        {
            lock (_gate)
            {
                _expectedPiece = piece;
                _piece = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (!await connection.SendUtMetadataAsync(id, UtMetadataMessageType.Request, piece, 0, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false)
                || !await WaitAsync(_piece.Task, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        var bytes = _buffer!;
        return Matches(bytes) ? bytes : null;
    }

    private bool Matches(byte[] bytes)
    {
        if (magnet.InfoHashes.V1 is { } v1)
        {
            return SHA1.HashData(bytes).AsSpan().SequenceEqual(v1.AsSpan());
        }

        return SHA256.HashData(bytes).AsSpan().SequenceEqual(magnet.InfoHashes.V2!.Value.AsSpan());
    }

    private async Task<bool> WaitAsync(Task<bool> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(PieceTimeout, engine.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    void IPeerMessageHandler.OnMessage(PeerConnection connection, in PeerMessage message)
    {
        if (message.Kind != PeerMessageKind.Extended)
        {
            return;
        }

        if (message.ExtendedId == ExtendedHandshake.HandshakeId)
        {
            _ready.TrySetResult(true);
            return;
        }

        if (message.ExtendedId != TorrentSession.LocalUtMetadataId)
        {
            return;
        }

        lock (_gate)
        {
            if (_buffer is null || !UtMetadataMessage.TryParse(message.Payload, _size, out var metadata))
            {
                throw new Wire.ProtocolViolationException(WireViolation.BadExtendedMessage, "The peer sent an unexpected or malformed ut_metadata message.");
            }

            if (metadata.Piece != _expectedPiece)
            {
                return;
            }

            if (metadata.Type == UtMetadataMessageType.Reject)
            {
                _piece.TrySetResult(false);
                return;
            }

            var start = metadata.Piece * ProtocolLimits.MetadataPieceLength;
            var expected = Math.Min(ProtocolLimits.MetadataPieceLength, _size - start);
            if (metadata.Type != UtMetadataMessageType.Data || metadata.Data.Length != expected)
            {
                _piece.TrySetResult(false);
                return;
            }

            metadata.Data.CopyTo(_buffer.AsSpan(start));
            _piece.TrySetResult(true);
        }
    }

    void IPeerMessageHandler.OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data)
    {
    }

    void IPeerMessageHandler.OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests)
    {
    }

    int IPeerMessageHandler.FillRequests(PeerConnection connection, Span<BlockRequest> destination) => 0;

    void IPeerMessageHandler.OnClosed(PeerConnection connection, PeerCloseInfo info)
    {
        _ready.TrySetResult(false);
        _piece.TrySetResult(false);
    }
}
