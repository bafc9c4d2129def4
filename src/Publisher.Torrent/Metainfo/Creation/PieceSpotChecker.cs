using Publisher.Torrent.Storage;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// Checks single pieces of a torrent against its hashes, for a spot check of a payload someone else hashed (a
/// service accepting an uploaded release checks a sample of pieces instead of hashing everything again). SHA-1
/// from the v1 piece list when there is one, otherwise the v2 merkle subtree. Not thread-safe: one per caller.
/// </summary>
public sealed class PieceSpotChecker : IDisposable
{
    private readonly StorageLayout _layout;
    private readonly PieceHashChecker _checker;

    /// <summary>Prepares checks of <paramref name="torrent"/>'s pieces.</summary>
    public PieceSpotChecker(TorrentInfo torrent)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        _layout = TorrentVerifier.CreateLayout(torrent);
        _checker = new PieceHashChecker(_layout);
    }

    /// <summary>The number of pieces.</summary>
    public int PieceCount => _layout.PieceCount;

    /// <summary>The length of piece <paramref name="piece"/> (the last one may be short).</summary>
    public int PieceSize(int piece)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(piece);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(piece, PieceCount);
        return _layout.PieceSize(piece);
    }

    /// <summary>
    /// The file data that makes up piece <paramref name="piece"/>: for each part, the index into
    /// <see cref="TorrentInfo.Files"/>, the offset in that file, the offset in the piece and the length.
    /// Bytes of the piece no part covers are padding and must be zero.
    /// </summary>
    public IReadOnlyList<PieceSegment> Segments(int piece)
    {
        var size = PieceSize(piece);
        var start = (long)piece * _layout.PieceLength;
        var end = start + size;
        var (first, last) = _layout.FilesInPiece(piece);
        var segments = new List<PieceSegment>(last - first + 1);
        for (var file = first; file <= last; file++)
        {
            var entry = _layout.Files[file];
            var fileStart = _layout.Offsets[file];
            var from = Math.Max(start, fileStart);
            var to = Math.Min(end, fileStart + entry.Length);
            if (entry.IsPadding || to <= from)
            {
                continue;
            }

            segments.Add(new PieceSegment(file, from - fileStart, (int)(from - start), (int)(to - from)));
        }

        return segments;
    }

    /// <summary>True when <paramref name="data"/>, the whole piece with zeros for padding, matches the piece's hash.</summary>
    public bool Check(int piece, ReadOnlySpan<byte> data)
    {
        if (data.Length != PieceSize(piece))
        {
            return false;
        }

        return _checker.Check(piece, data);
    }

    /// <inheritdoc />
    public void Dispose() => _checker.Dispose();
}
