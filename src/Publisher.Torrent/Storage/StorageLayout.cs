namespace Publisher.Torrent.Storage;

/// <summary>
/// A torrent's files laid end to end as the stream that is cut into pieces. Pad files (BEP 47) take
/// their place in the stream but are never on disk; the parser lists them for v2-only torrents too (where
/// BEP 52 implies them), so every v2 file starts on a piece boundary.
/// </summary>
internal sealed class StorageLayout
{
    public StorageLayout(IReadOnlyList<StorageFile> files, int pieceLength, ReadOnlyMemory<byte> v1Pieces, bool hasV2)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceLength, 1);
        Files = files;
        PieceLength = pieceLength;
        V1Pieces = v1Pieces;
        HasV1 = !v1Pieces.IsEmpty;
        Offsets = new long[files.Count];
        long offset = 0;
        for (var i = 0; i < files.Count; i++)
        {
            Offsets[i] = offset;
            offset += files[i].Length;
        }

        TotalLength = offset;
        PieceCount = (int)((offset + pieceLength - 1) / pieceLength);
        HasV2 = hasV2 && AllDataFilesAligned();
    }

    public IReadOnlyList<StorageFile> Files { get; }

    public int PieceLength { get; }

    public int PieceCount { get; }

    public long TotalLength { get; }

    /// <summary>v1: the concatenated SHA-1 piece hashes (empty for v2-only torrents).</summary>
    public ReadOnlyMemory<byte> V1Pieces { get; }

    public bool HasV1 { get; }

    /// <summary>v2 hashes are checked: the torrent has them and every data file starts on a piece boundary.</summary>
    public bool HasV2 { get; }

    /// <summary>Start of each file in the stream.</summary>
    public long[] Offsets { get; }

    /// <summary>The length of piece <paramref name="piece"/> (the last one may be short).</summary>
    public int PieceSize(int piece) => (int)Math.Min(PieceLength, TotalLength - ((long)piece * PieceLength));

    /// <summary>The index of the file whose stream range holds <paramref name="offset"/> (never an empty file).</summary>
    public int FileAt(long offset)
    {
        var low = 0;
        var high = Offsets.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (Offsets[middle] <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>The first and last file (inclusive) whose stream range overlaps piece <paramref name="piece"/>.</summary>
    public (int First, int Last) FilesInPiece(int piece)
    {
        var start = (long)piece * PieceLength;
        var end = start + PieceSize(piece) - 1;
        return (FileAt(start), FileAt(end));
    }

    private bool AllDataFilesAligned()
    {
        for (var i = 0; i < Files.Count; i++)
        {
            if (!Files[i].IsPadding && Files[i].Length > 0 && Offsets[i] % PieceLength != 0)
            {
                return false;
            }
        }

        return true;
    }
}
