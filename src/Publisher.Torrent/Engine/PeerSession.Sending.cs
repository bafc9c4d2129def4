using System.Buffers;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>The sender loop: interest, choke, haves, cancels, then queued uploads read from disk under the rate limits.</content>
internal sealed partial class PeerSession
{
    /// <summary>Runs until <see cref="Complete"/> or the connection closes.</summary>
    public async Task RunSenderAsync(StorageLayout layout, string directory, CancellationToken cancellationToken)
    {
        using var reader = new PieceReader(layout, directory);
        var buffer = ArrayPool<byte>.Shared.Rent(ProtocolLimits.MaxServedBlockLength);
        try
        {
            while (await _signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _signal.Reader.TryRead(out _);
                if (Connection.IsClosed)
                {
                    return;
                }

                await SendStateAsync(cancellationToken).ConfigureAwait(false);
                await ServeUploadsAsync(reader, buffer, cancellationToken).ConfigureAwait(false);
                if (!Connection.IsClosed)
                {
                    await Connection.RequestMoreAsync(Torrent, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask SendStateAsync(CancellationToken cancellationToken)
    {
        var interested = _wantInterested;
        if (interested != Connection.AmInterested)
        {
            await Connection.SendInterestedAsync(interested, cancellationToken).ConfigureAwait(false);
        }

        var unchoke = _wantUnchoke;
        if (unchoke == Connection.AmChoking)
        {
            if (unchoke)
            {
                UnchokedAt = Torrent.Time.GetTimestamp();
                await Connection.SendUnchokeAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Connection.SendChokeAsync(cancellationToken).ConfigureAwait(false);
                await DropUploadsAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        while (_haves.TryDequeue(out var piece))
        {
            await Connection.SendHaveAsync(piece, cancellationToken).ConfigureAwait(false);
        }

        while (_cancels.TryDequeue(out var block))
        {
            await Connection.CancelRequestAsync(block, cancellationToken).ConfigureAwait(false);
        }

        while (_metadataRequests.TryDequeue(out var piece))
        {
            var id = Connection.RemoteExtensions?.IdOf(ExtendedHandshake.UtMetadata) ?? 0;
            if (id == 0)
            {
                continue;
            }

            var data = Torrent.MetadataPiece(piece);
            var type = data.IsEmpty ? UtMetadataMessageType.Reject : UtMetadataMessageType.Data;
            await Connection.SendUtMetadataAsync(id, type, piece, Torrent.Torrent.InfoBytes.Length, data, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask ServeUploadsAsync(PieceReader reader, byte[] buffer, CancellationToken cancellationToken)
    {
        while (!Connection.IsClosed && _uploads.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _uploadCount);
            if (Connection.AmChoking || !Torrent.CanServe(block.Piece))
            {
                if (Connection.FastExtension)
                {
                    await Connection.SendRejectAsync(block, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            await Torrent.WaitUploadAsync(block.Length, cancellationToken).ConfigureAwait(false);
            var data = buffer.AsMemory(0, block.Length);
            if (!reader.Read(((long)block.Piece * Torrent.PieceLength) + block.Begin, data.Span))
            {
                // The file went away under us: say no rather than send zeros.
                if (Connection.FastExtension)
                {
                    await Connection.SendRejectAsync(block, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (await Connection.SendPieceAsync(block, data, cancellationToken).ConfigureAwait(false))
            {
                Torrent.AddUploaded(block.Length);
            }
        }
    }

    private async ValueTask DropUploadsAsync(CancellationToken cancellationToken)
    {
        while (_uploads.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _uploadCount);
            if (Connection.FastExtension)
            {
                await Connection.SendRejectAsync(block, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
