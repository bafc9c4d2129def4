using System.Buffers;
using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Torrent.Storage;

/// <summary>
/// Checks one assembled piece against the torrent: SHA-1 from the v1 piece list when there is one (v1 and hybrid),
/// otherwise the piece's merkle subtree against the file's piece layer or pieces root (pure v2). Not thread-safe:
/// one per worker (it owns a scratch buffer for block hashes).
/// </summary>
internal sealed class PieceHashChecker(StorageLayout layout) : IDisposable
{
    private byte[]? _leaves = layout.HasV1 ? null : ArrayPool<byte>.Shared.Rent(MerkleTree.BlocksPerPiece(layout.PieceLength) * MerkleTree.HashSize);
    private IncrementalHash? _sha1;
    private byte[]? _scratch;

    /// <summary>
    /// True when the piece held in <paramref name="chunks"/> (consecutive chunks of <paramref name="chunkLength"/>
    /// bytes, <paramref name="size"/> bytes in all) matches piece <paramref name="piece"/>'s hash. SHA-1 runs over
    /// the chunks in place; a v2 merkle check assembles the piece in one scratch buffer kept by this checker.
    /// </summary>
    public bool Check(int piece, ReadOnlySpan<byte[]?> chunks, int chunkLength, int size)
    {
        if (layout.HasV1)
        {
            _sha1 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            for (var i = 0; i < chunks.Length; i++)
            {
                _sha1.AppendData(chunks[i]!, 0, Math.Min(chunkLength, size - (i * chunkLength)));
            }

            Span<byte> digest = stackalloc byte[20];
            _sha1.GetHashAndReset(digest);
            return digest.SequenceEqual(layout.V1Pieces.Span.Slice(piece * 20, 20));
        }

        _scratch ??= GC.AllocateUninitializedArray<byte>(layout.PieceLength);
        for (var i = 0; i < chunks.Length; i++)
        {
            var length = Math.Min(chunkLength, size - (i * chunkLength));
            chunks[i].AsSpan(0, length).CopyTo(_scratch.AsSpan(i * chunkLength));
        }

        return Check(piece, _scratch.AsSpan(0, size));
    }

    /// <summary>True when <paramref name="data"/> (the whole piece) matches piece <paramref name="piece"/>'s hash.</summary>
    public bool Check(int piece, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[MerkleTree.HashSize];
        if (layout.HasV1)
        {
            SHA1.HashData(data, digest);
            return digest[..20].SequenceEqual(layout.V1Pieces.Span.Slice(piece * 20, 20));
        }

        return CheckV2(piece, data, digest);
    }

    public void Dispose()
    {
        _sha1?.Dispose();
        _sha1 = null;
        _scratch = null;
        if (_leaves is not null)
        {
            ArrayPool<byte>.Shared.Return(_leaves);
            _leaves = null;
        }
    }

    private bool CheckV2(int piece, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        ObjectDisposedException.ThrowIf(_leaves is null, this);
        var start = (long)piece * layout.PieceLength;
        var file = layout.FileAt(start);
        var entry = layout.Files[file];
        var inFile = start - layout.Offsets[file];
        if (entry.IsPadding || inFile >= entry.Length)
        {
            // Implied padding between v2 files: it must be zeros.
            return !data.ContainsAnyExcept((byte)0);
        }

        var length = (int)Math.Min(data.Length, entry.Length - inFile);
        if (data[length..].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        var blockHashes = HashingPipeline.HashBlocks(data[..length], _leaves);
        var filePieces = (entry.Length + layout.PieceLength - 1) / layout.PieceLength;
        ReadOnlySpan<byte> expected;
        if (filePieces == 1)
        {
            expected = entry.PiecesRoot.Span;
            MerkleTree.ComputeFileRoot(blockHashes, digest);
        }
        else
        {
            var index = (int)(inFile / layout.PieceLength);
            if (entry.PieceLayer.Length < (index + 1) * MerkleTree.HashSize)
            {
                return false;
            }

            expected = entry.PieceLayer.Span.Slice(index * MerkleTree.HashSize, MerkleTree.HashSize);
            MerkleTree.ComputePieceHash(blockHashes, layout.PieceLength, digest);
        }

        return digest.SequenceEqual(expected);
    }
}
