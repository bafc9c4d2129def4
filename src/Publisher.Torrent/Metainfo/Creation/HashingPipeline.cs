using System.Buffers;
using System.Security.Cryptography;
using Publisher.Torrent.Storage;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// Hashes a <see cref="CreationLayout"/> on several threads. The stream is cut into chunks of whole
/// pieces (about 1 MiB); each worker claims the next chunk, reads it with positional reads into its own
/// pooled buffer and hashes its pieces: SHA-1 for v1, SHA-256 blocks and the piece's merkle subtree for
/// v2, both from the same buffer for hybrid. Memory is one chunk (plus one piece's leaves) per worker.
/// </summary>
internal sealed partial class HashingPipeline
{
    /// <summary>Bytes of chunk buffers a copy gets beyond one per worker (see <see cref="RunAsync"/>).</summary>
    private const int CopyQueueBytes = 16 * 1024 * 1024;

    private readonly CreationLayout _layout;
    private readonly CreationHashes _hashes;
    private readonly IProgress<TorrentCreationProgress>? _progress;
    private readonly CreationCopy? _copy;
    private readonly int _chunkBytes;
    private readonly long _chunkCount;
    private long _nextChunk;
    private long _bytesHashed;

    private HashingPipeline(CreationLayout layout, IProgress<TorrentCreationProgress>? progress, CreationCopy? copy)
    {
        _layout = layout;
        _hashes = new CreationHashes(layout);
        _progress = progress;
        _copy = copy;
        var piecesPerChunk = Math.Max(1, ProtocolLimits.HashingReadSize / layout.PieceLength);
        var chunk = (long)piecesPerChunk * layout.PieceLength;
        var streamRoundedUp = (layout.TotalLength + layout.PieceLength - 1) / layout.PieceLength * layout.PieceLength;
        _chunkBytes = (int)Math.Min(chunk, streamRoundedUp);
        _chunkCount = (layout.TotalLength + _chunkBytes - 1) / _chunkBytes;
    }

    /// <summary>
    /// Hashes every piece of <paramref name="layout"/> with up to <paramref name="threads"/> workers, and with a
    /// <paramref name="copy"/> also hands each hashed chunk to its writer (a dedicated thread writing in stream
    /// order); the workers then read into the copy's buffers, of which <see cref="CopyQueueBytes"/> more than the
    /// workers need let the writer fall behind for a while without stopping the hashing.
    /// </summary>
    public static async Task<CreationHashes> RunAsync(CreationLayout layout, int threads, IProgress<TorrentCreationProgress>? progress, CreationCopy? copy, CancellationToken cancellationToken)
    {
        var pipeline = new HashingPipeline(layout, progress, copy);
        var byMemory = Math.Max(1, ProtocolLimits.HashingWindowBytes / pipeline._chunkBytes);
        var workers = (int)Math.Min(Math.Min(threads, byMemory), pipeline._chunkCount);
        if (copy is null)
        {
            await ParallelWorkers.RunAsync(workers, pipeline.Work, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            copy.AllocateBuffers(workers + Math.Max(2, CopyQueueBytes / pipeline._chunkBytes), pipeline._chunkBytes);
            await RunWithWriterAsync(pipeline, workers, copy, cancellationToken).ConfigureAwait(false);
        }

        pipeline.FinishFileRoots();
        return pipeline._hashes;
    }

    /// <summary>The hashing workers plus the copy's writer; the first real failure of either is what is thrown.</summary>
    private static async Task RunWithWriterAsync(HashingPipeline pipeline, int workers, CreationCopy copy, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    copy.RunWriter(pipeline._chunkCount, stop.Token);
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Exception? failure = null;
        try
        {
            await ParallelWorkers.RunAsync(workers, pipeline.Work, stop.Token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            failure = error;
            await stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await writer.ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException && failure is null or OperationCanceledException)
        {
            // The workers only saw the cancellation the writer's failure caused.
            failure = error;
        }
        catch (OperationCanceledException) when (failure is not null)
        {
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void Work(CancellationTokenSource stop)
    {
        var pooled = _copy is null ? ArrayPool<byte>.Shared.Rent(_chunkBytes) : null;
        var leaves = _layout.HasV2 ? ArrayPool<byte>.Shared.Rent(MerkleTree.BlocksPerPiece(_layout.PieceLength) * MerkleTree.HashSize) : null;
        var reader = new ChunkReader(_layout);
        try
        {
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();

                // Copying, the chunk is read into one of the copy's buffers, taken before the chunk is claimed (so the
                // writer, waiting for chunks in order, always gets the one it waits for) and handed to it after hashing.
                var rented = _copy?.RentBuffer(stop.Token) ?? default;
                var chunk = Interlocked.Increment(ref _nextChunk) - 1;
                if (chunk >= _chunkCount)
                {
                    if (_copy is not null)
                    {
                        _copy.ReturnBuffer(rented);
                    }

                    return;
                }

                var start = chunk * _chunkBytes;
                var length = (int)Math.Min(_chunkBytes, _layout.TotalLength - start);
                var data = (pooled is null ? rented.Span : pooled.AsSpan())[..length];
                reader.Fill(start, data);
                HashChunk((int)(start / _layout.PieceLength), data, leaves);
                _copy?.Enqueue(chunk, start, length, rented);
                var done = Interlocked.Add(ref _bytesHashed, length);
                _progress?.Report(new TorrentCreationProgress(done, _layout.TotalLength));
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            reader.Dispose();
            if (pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }

            if (leaves is not null)
            {
                ArrayPool<byte>.Shared.Return(leaves);
            }
        }
    }

    private void HashChunk(int firstPiece, ReadOnlySpan<byte> data, byte[]? leaves)
    {
        var pieceLength = _layout.PieceLength;
        var piece = firstPiece;
        for (var offset = 0; offset < data.Length; offset += pieceLength, piece++)
        {
            var span = data.Slice(offset, Math.Min(pieceLength, data.Length - offset));
            if (_hashes.V1Pieces is { } v1)
            {
                SHA1.HashData(span, v1.AsSpan(piece * 20, 20));
            }

            if (leaves is not null)
            {
                HashV2Piece(piece, span, leaves);
            }
        }
    }

    private void HashV2Piece(int piece, ReadOnlySpan<byte> span, byte[] leaves)
    {
        var pieceStart = (long)piece * _layout.PieceLength;
        var file = _layout.FileAt(pieceStart);
        var fileLength = _layout.Files[file].Length;
        var dataLength = (int)Math.Min(span.Length, fileLength - (pieceStart - _layout.Offsets[file]));
        var blockHashes = HashBlocks(span[..dataLength], leaves);
        var destination = _hashes.PieceHashes.AsSpan(piece * MerkleTree.HashSize, MerkleTree.HashSize);
        if (_layout.FilePieceCount(file) == 1)
        {
            MerkleTree.ComputeFileRoot(blockHashes, destination);
        }
        else
        {
            MerkleTree.ComputePieceHash(blockHashes, _layout.PieceLength, destination);
        }
    }

    /// <summary>Writes the SHA-256 of each 16 KiB block of <paramref name="data"/> into <paramref name="leaves"/> and returns the filled part.</summary>
    internal static ReadOnlySpan<byte> HashBlocks(ReadOnlySpan<byte> data, Span<byte> leaves)
    {
        var count = 0;
        for (var offset = 0; offset < data.Length; offset += MerkleTree.BlockSize)
        {
            MerkleTree.HashBlock(data.Slice(offset, Math.Min(MerkleTree.BlockSize, data.Length - offset)), leaves.Slice(count * MerkleTree.HashSize, MerkleTree.HashSize));
            count++;
        }

        return leaves[..(count * MerkleTree.HashSize)];
    }

    private void FinishFileRoots()
    {
        if (_hashes.PieceHashes is not { } pieceHashes)
        {
            return;
        }

        for (var file = 0; file < _layout.Files.Length; file++)
        {
            var pieces = _layout.FilePieceCount(file);
            if (pieces == 0)
            {
                continue;
            }

            var layer = pieceHashes.AsSpan(_layout.FirstPiece(file) * MerkleTree.HashSize, pieces * MerkleTree.HashSize);
            if (pieces == 1)
            {
                _hashes.FileRoots![file] = layer.ToArray();
            }
            else
            {
                var root = new byte[MerkleTree.HashSize];
                MerkleTree.ComputeRootFromPieceLayer(layer, _layout.PieceLength, root);
                _hashes.PieceLayers![file] = layer.ToArray();
                _hashes.FileRoots![file] = root;
            }
        }
    }
}
