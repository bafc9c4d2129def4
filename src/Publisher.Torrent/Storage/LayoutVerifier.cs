using System.Buffers;
using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Torrent.Storage;

/// <summary>
/// Checks every piece of a <see cref="StorageLayout"/> against the files below a directory, on several
/// threads: each claims the next chunk of whole pieces (about 1 MiB), reads it and checks SHA-1 (v1) and
/// the piece's merkle subtree (v2) from the same buffer. A piece that could not be read in full is bad
/// without hashing. Bad pieces mark the files they touch.
/// </summary>
internal sealed class LayoutVerifier
{
    private readonly StorageLayout _layout;
    private readonly string _directory;
    private readonly IProgress<long>? _progress;
    private readonly PieceState[] _states;
    private readonly int _piecesPerChunk;
    private readonly int _chunkCount;
    private int _nextChunk;
    private long _bytesChecked;

    private LayoutVerifier(StorageLayout layout, string directory, IProgress<long>? progress)
    {
        _layout = layout;
        _directory = directory;
        _progress = progress;
        _states = new PieceState[layout.PieceCount];
        _piecesPerChunk = Math.Max(1, ProtocolLimits.HashingReadSize / layout.PieceLength);
        _chunkCount = (layout.PieceCount + _piecesPerChunk - 1) / _piecesPerChunk;
    }

    /// <summary>Verifies everything; <paramref name="progress"/> receives bytes checked so far.</summary>
    public static async Task<VerificationReport> RunAsync(StorageLayout layout, string directory, int threads, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var verifier = new LayoutVerifier(layout, directory, progress);
        var statuses = PreScan(layout, directory);
        var chunkBytes = (long)verifier._piecesPerChunk * layout.PieceLength;
        var byMemory = (int)Math.Max(1, ProtocolLimits.HashingWindowBytes / chunkBytes);
        var workers = Math.Max(1, Math.Min(Math.Min(threads, byMemory), verifier._chunkCount));
        await ParallelWorkers.RunAsync(workers, verifier.Work, cancellationToken).ConfigureAwait(false);

        return verifier.Report(statuses);
    }

    private static FileVerificationStatus[] PreScan(StorageLayout layout, string directory)
    {
        var statuses = new FileVerificationStatus[layout.Files.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            var entry = layout.Files[i];
            if (entry.IsPadding)
            {
                continue;
            }

            var path = TorrentFilePaths.GetFullPath(directory, entry.Path);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                statuses[i] = FileVerificationStatus.Missing;
                continue;
            }

            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                statuses[i] = FileVerificationStatus.Unreadable;
                continue;
            }

            if (info.Length != entry.Length)
            {
                statuses[i] = FileVerificationStatus.WrongSize;
            }
        }

        return statuses;
    }

    private enum PieceState : byte
    {
        Good,
        Mismatch,
        Unavailable,
    }

    private static bool AnyUnavailable(FileVerificationStatus[] statuses, int first, int last)
    {
        for (var file = first; file <= last; file++)
        {
            if (statuses[file] is FileVerificationStatus.Missing or FileVerificationStatus.WrongSize or FileVerificationStatus.Unreadable)
            {
                return true;
            }
        }

        return false;
    }

    private void Work(CancellationTokenSource stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_layout.PieceLength);
        var leaves = _layout.HasV2 ? ArrayPool<byte>.Shared.Rent(MerkleTree.BlocksPerPiece(_layout.PieceLength) * MerkleTree.HashSize) : null;
        using var reader = new PieceReader(_layout, _directory);
        Span<byte> digest = stackalloc byte[MerkleTree.HashSize];
        try
        {
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                var chunk = Interlocked.Increment(ref _nextChunk) - 1;
                if (chunk >= _chunkCount)
                {
                    return;
                }

                var first = chunk * _piecesPerChunk;
                var end = Math.Min(_layout.PieceCount, first + _piecesPerChunk);
                long bytes = 0;
                for (var piece = first; piece < end; piece++)
                {
                    var data = buffer.AsSpan(0, _layout.PieceSize(piece));
                    bytes += data.Length;
                    _states[piece] = !reader.Read((long)piece * _layout.PieceLength, data) ? PieceState.Unavailable
                        : Check(piece, data, leaves, digest) ? PieceState.Good
                        : PieceState.Mismatch;
                }

                var done = Interlocked.Add(ref _bytesChecked, bytes);
                _progress?.Report(done);
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (leaves is not null)
            {
                ArrayPool<byte>.Shared.Return(leaves);
            }
        }
    }

    private bool Check(int piece, ReadOnlySpan<byte> data, byte[]? leaves, Span<byte> digest)
    {
        if (_layout.HasV1)
        {
            SHA1.HashData(data, digest);
            if (!digest[..20].SequenceEqual(_layout.V1Pieces.Span.Slice(piece * 20, 20)))
            {
                return false;
            }
        }

        return leaves is null || CheckV2(piece, data, leaves, digest);
    }

    private bool CheckV2(int piece, ReadOnlySpan<byte> data, byte[] leaves, Span<byte> digest)
    {
        var start = (long)piece * _layout.PieceLength;
        var file = _layout.FileAt(start);
        var entry = _layout.Files[file];
        var inFile = start - _layout.Offsets[file];
        if (entry.IsPadding || inFile >= entry.Length)
        {
            return true;
        }

        var length = (int)Math.Min(data.Length, entry.Length - inFile);
        var blockHashes = HashingPipeline.HashBlocks(data[..length], leaves);
        var filePieces = (entry.Length + _layout.PieceLength - 1) / _layout.PieceLength;
        ReadOnlySpan<byte> expected;
        if (filePieces == 1)
        {
            expected = entry.PiecesRoot.Span;
            MerkleTree.ComputeFileRoot(blockHashes, digest);
        }
        else
        {
            var index = (int)(inFile / _layout.PieceLength);
            if (entry.PieceLayer.Length < (index + 1) * MerkleTree.HashSize)
            {
                return false;
            }

            expected = entry.PieceLayer.Span.Slice(index * MerkleTree.HashSize, MerkleTree.HashSize);
            MerkleTree.ComputePieceHash(blockHashes, _layout.PieceLength, digest);
        }

        return digest.SequenceEqual(expected);
    }

    private VerificationReport Report(FileVerificationStatus[] statuses)
    {
        var badPieces = new List<int>();
        for (var piece = 0; piece < _states.Length; piece++)
        {
            var state = _states[piece];
            if (state == PieceState.Good)
            {
                continue;
            }

            badPieces.Add(piece);
            var (first, last) = _layout.FilesInPiece(piece);
            if (state == PieceState.Unavailable && AnyUnavailable(statuses, first, last))
            {
                // A missing or short file explains the failure; do not blame its neighbours in the piece.
                continue;
            }

            for (var file = first; file <= last; file++)
            {
                if (statuses[file] == FileVerificationStatus.Ok && !_layout.Files[file].IsPadding && _layout.Files[file].Length > 0)
                {
                    statuses[file] = FileVerificationStatus.Corrupt;
                }
            }
        }

        var files = new List<FileVerification>();
        for (var i = 0; i < _layout.Files.Count; i++)
        {
            var entry = _layout.Files[i];
            if (!entry.IsPadding)
            {
                files.Add(new FileVerification(string.Join('/', entry.Path), entry.Length, statuses[i]));
            }
        }

        return new VerificationReport(_layout.PieceCount, badPieces, files);
    }
}
