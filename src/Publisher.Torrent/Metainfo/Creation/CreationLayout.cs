namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// Where each file sits in the stream that is cut into pieces. For v1 the files follow each other;
/// for v2 and hybrid every file but the last is followed by zero padding up to the next piece boundary
/// (the BEP 47 pad file, real in hybrid, implied in v2), so every piece belongs to exactly one file.
/// </summary>
internal sealed class CreationLayout
{
    public CreationLayout(SourceFile[] files, int pieceLength, TorrentFormat format)
    {
        Files = files;
        PieceLength = pieceLength;
        Format = format;
        Offsets = new long[files.Length];
        Padding = new long[files.Length];
        var aligned = format != TorrentFormat.V1;
        long offset = 0;
        long data = 0;
        for (var i = 0; i < files.Length; i++)
        {
            Offsets[i] = offset;
            offset += files[i].Length;
            data += files[i].Length;
            if (aligned && i < files.Length - 1)
            {
                var remainder = files[i].Length % pieceLength;
                Padding[i] = remainder == 0 ? 0 : pieceLength - remainder;
                offset += Padding[i];
            }
        }

        TotalLength = offset;
        DataLength = data;
        PieceCount = checked((int)((offset + pieceLength - 1) / pieceLength));
    }

    public SourceFile[] Files { get; }

    public int PieceLength { get; }

    public TorrentFormat Format { get; }

    public bool HasV1 => Format != TorrentFormat.V2;

    public bool HasV2 => Format != TorrentFormat.V1;

    /// <summary>Start of each file in the stream.</summary>
    public long[] Offsets { get; }

    /// <summary>Zero bytes after each file (always 0 for v1).</summary>
    public long[] Padding { get; }

    /// <summary>The stream length: file data plus padding.</summary>
    public long TotalLength { get; }

    /// <summary>The file data alone.</summary>
    public long DataLength { get; }

    public int PieceCount { get; }

    /// <summary>The length of piece <paramref name="piece"/> in the stream (the last one may be short).</summary>
    public int PieceSize(int piece) => (int)Math.Min(PieceLength, TotalLength - ((long)piece * PieceLength));

    /// <summary>The first piece of file <paramref name="file"/> (v2 and hybrid: files start on piece boundaries).</summary>
    public int FirstPiece(int file) => (int)(Offsets[file] / PieceLength);

    /// <summary>How many pieces file <paramref name="file"/> covers in v2 terms (0 for an empty file).</summary>
    public int FilePieceCount(int file) => (int)((Files[file].Length + PieceLength - 1) / PieceLength);

    /// <summary>The index of the file holding stream offset <paramref name="offset"/> (the last file starting at or before it, so never an empty file that shares its offset with the next).</summary>
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
}
