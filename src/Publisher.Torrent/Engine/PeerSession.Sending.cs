using System.Buffers;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>The sender loop: interest, choke, haves, cancels, then queued uploads read from disk under the rate limits.</content>
internal sealed partial class PeerSession
{
    /// <summary>The most bytes of adjacent blocks read and sent in one go.</summary>
    private const int UploadBatchBytes = 256 * 1024;

    private readonly BlockRequest[] _batch = new BlockRequest[UploadBatchBytes / ProtocolLimits.BlockLength];

    /// <summary>Runs until <see cref="Complete"/> or the connection closes.</summary>
    public async Task RunSenderAsync(StorageLayout layout, string directory, CancellationToken cancellationToken)
    {
        using var reader = new PieceReader(layout, directory);
        var buffer = ArrayPool<byte>.Shared.Rent(UploadBatchBytes);
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

        await SendHashRepliesAsync(cancellationToken).ConfigureAwait(false);
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
            if (Connection.AmChoking || !Torrent.CanServe(block.Piece) || !Torrent.MaySendCopy(this, block.Piece))
            {
                await RejectAsync(block, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Adjacent requests of the same piece go out in one read, one write and one flush.
            var count = 1;
            _batch[0] = block;
            var total = block.Length;
            while (count < _batch.Length && _uploads.TryPeek(out var next) && next.Piece == block.Piece
                && next.Begin == _batch[count - 1].Begin + _batch[count - 1].Length && total + next.Length <= buffer.Length
                && _uploads.TryDequeue(out next))
            {
                Interlocked.Decrement(ref _uploadCount);
                _batch[count++] = next;
                total += next.Length;
            }

            await Torrent.WaitUploadAsync(total, cancellationToken).ConfigureAwait(false);
            var data = buffer.AsMemory(0, total);
            if (!reader.Read(((long)block.Piece * Torrent.PieceLength) + block.Begin, data.Span))
            {
                // The file went away under us: say no rather than send zeros.
                for (var i = 0; i < count; i++)
                {
                    await RejectAsync(_batch[i], cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (await Connection.SendPiecesAsync(_batch.AsMemory(0, count), data, cancellationToken).ConfigureAwait(false))
            {
                Torrent.AddUploaded(total);
            }
        }
    }

    private ValueTask<bool> RejectAsync(BlockRequest block, CancellationToken cancellationToken) =>
        Connection.FastExtension ? Connection.SendRejectAsync(block, cancellationToken) : ValueTask.FromResult(false);

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
