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
    /// <paramref name="copy"/> also writes each chunk there after hashing it. A worker then spends part of its time
    /// waiting for the disk, so twice as many run: one hashes while another writes.
    /// </summary>
    public static async Task<CreationHashes> RunAsync(CreationLayout layout, int threads, IProgress<TorrentCreationProgress>? progress, CreationCopy? copy, CancellationToken cancellationToken)
    {
        var pipeline = new HashingPipeline(layout, progress, copy);
        var byMemory = Math.Max(1, ProtocolLimits.HashingWindowBytes / pipeline._chunkBytes);
        var wanted = copy is null ? threads : threads * 2;
        var workers = (int)Math.Min(Math.Min(wanted, byMemory), pipeline._chunkCount);
        await ParallelWorkers.RunAsync(workers, pipeline.Work, cancellationToken).ConfigureAwait(false);

        pipeline.FinishFileRoots();
        return pipeline._hashes;
    }

    private void Work(CancellationTokenSource stop)
    {
        // Copying unbuffered needs an aligned buffer with a block of room after the chunk (CreationCopy.Write).
        var aligned = _copy is { WantsAlignedBuffers: true } ? DirectIo.AllocateAligned(_chunkBytes + DirectIo.Alignment) : default;
        var pooled = aligned.IsEmpty ? ArrayPool<byte>.Shared.Rent(_chunkBytes) : null;
        var leaves = _layout.HasV2 ? ArrayPool<byte>.Shared.Rent(MerkleTree.BlocksPerPiece(_layout.PieceLength) * MerkleTree.HashSize) : null;
        var reader = new ChunkReader(_layout);
        try
        {
            var buffer = pooled is null ? aligned.Span : pooled.AsSpan();
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                var chunk = Interlocked.Increment(ref _nextChunk) - 1;
                if (chunk >= _chunkCount)
                {
                    return;
                }

                var start = chunk * _chunkBytes;
                var length = (int)Math.Min(_chunkBytes, _layout.TotalLength - start);
                var data = buffer[..length];
                reader.Fill(start, data);
                HashChunk((int)(start / _layout.PieceLength), data, leaves);
                _copy?.Write(start, buffer, length);
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
