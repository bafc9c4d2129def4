using System.Buffers;
using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Checks a piece fetched from a web seed against the torrent: SHA-1 for v1 and hybrid torrents, the piece's merkle
/// subtree (piece layer, or the file's root for a file of one piece) for v2-only torrents.
/// </summary>
internal static class WebSeedPieceVerifier
{
    public static bool Verify(TorrentInfo torrent, int piece, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        if (data.Length != torrent.GetPieceSize(piece))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[MerkleTree.HashSize];
        if (!torrent.PieceHashesV1.IsEmpty)
        {
            SHA1.HashData(data, digest);
            return digest[..InfoHash.V1Length].SequenceEqual(torrent.GetPieceHashV1(piece));
        }

        return VerifyV2(torrent, piece, data, digest);
    }

    private static bool VerifyV2(TorrentInfo torrent, int piece, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        var start = (long)piece * torrent.PieceLength;
        var file = torrent.Files[WebSeedRangePlanner.FileAt(torrent.Files, start)];
        if (file.IsPadFile)
        {
            return !data.ContainsAnyExcept((byte)0);
        }

        var inFile = start - file.Offset;
        var length = (int)Math.Min(data.Length, file.Length - inFile);
        if (data[length..].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        var leaves = ArrayPool<byte>.Shared.Rent(MerkleTree.BlocksPerPiece(torrent.PieceLength) * MerkleTree.HashSize);
        try
        {
            var blockHashes = HashingPipeline.HashBlocks(data[..length], leaves);
            var filePieces = (file.Length + torrent.PieceLength - 1) / torrent.PieceLength;
            if (filePieces == 1)
            {
                MerkleTree.ComputeFileRoot(blockHashes, digest);
                return digest.SequenceEqual(file.PiecesRoot.Span);
            }

            var index = (int)(inFile / torrent.PieceLength);
            if (file.PieceLayer.Length < (index + 1) * MerkleTree.HashSize)
            {
                return false;
            }

            MerkleTree.ComputePieceHash(blockHashes, torrent.PieceLength, digest);
            return digest.SequenceEqual(file.PieceLayer.Span.Slice(index * MerkleTree.HashSize, MerkleTree.HashSize));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(leaves);
        }
    }
}
