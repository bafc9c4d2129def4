namespace Publisher.Torrent.Metainfo;

/// <summary>
/// One file of a torrent, in v1 order (pad files included). <see cref="Path"/> is relative to the download
/// folder: for a multi-file torrent its first component is the torrent's name. Every component has been
/// validated (no traversal, no names a file system refuses).
/// </summary>
public sealed class TorrentFile
{
    internal TorrentFile(IReadOnlyList<string> path, long length, long offset, string attributes, ReadOnlyMemory<byte> piecesRoot, IReadOnlyList<string>? symlinkTarget, ReadOnlyMemory<byte> pieceLayer = default)
    {
        Path = path;
        PathString = string.Join('/', path);
        Length = length;
        Offset = offset;
        Attributes = attributes;
        PiecesRoot = piecesRoot;
        SymlinkTarget = symlinkTarget;
        PieceLayer = pieceLayer;
    }

    /// <summary>Path components relative to the download folder.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>The path with components joined by '/'.</summary>
    public string PathString { get; }

    /// <summary>Size in bytes.</summary>
    public long Length { get; }

    /// <summary>
    /// Offset of the first byte in the torrent's piece space: the concatenation of all files, pad files
    /// included (for a v2-only torrent every real file starts at a piece boundary).
    /// </summary>
    public long Offset { get; }

    /// <summary>Offset just past the last byte.</summary>
    public long EndOffset => Offset + Length;

    /// <summary>BEP 47 attribute letters as given (<c>p</c> pad, <c>x</c> executable, <c>h</c> hidden, <c>l</c> symlink); empty when none.</summary>
    public string Attributes { get; }

    /// <summary>True for a BEP 47 pad file: zeros that are never written to disk.</summary>
    public bool IsPadFile => Attributes.Contains('p', StringComparison.Ordinal);

    /// <summary>True when the executable attribute (<c>x</c>) is set.</summary>
    public bool IsExecutable => Attributes.Contains('x', StringComparison.Ordinal);

    /// <summary>True when the hidden attribute (<c>h</c>) is set.</summary>
    public bool IsHidden => Attributes.Contains('h', StringComparison.Ordinal);

    /// <summary>True when the symlink attribute (<c>l</c>) is set; see <see cref="SymlinkTarget"/>.</summary>
    public bool IsSymlink => Attributes.Contains('l', StringComparison.Ordinal);

    /// <summary>The validated relative target of a symlink (BEP 47 <c>symlink path</c>), or null.</summary>
    public IReadOnlyList<string>? SymlinkTarget { get; }

    /// <summary>The v2 merkle root of the file (32 bytes), or empty (v1-only torrents, empty files).</summary>
    public ReadOnlyMemory<byte> PiecesRoot { get; }

    /// <summary>
    /// The v2 piece layer (32 bytes per piece), checked against <see cref="PiecesRoot"/>; empty when the file
    /// fits in one piece (the root is then the piece hash) or when the torrent came without piece layers.
    /// </summary>
    public ReadOnlyMemory<byte> PieceLayer { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{PathString} ({Length} bytes at {Offset})";

    internal TorrentFile WithPieceLayer(ReadOnlyMemory<byte> layer) => new(Path, Length, Offset, Attributes, PiecesRoot, SymlinkTarget, layer);

    internal TorrentFile WithPiecesRoot(ReadOnlyMemory<byte> root) => new(Path, Length, Offset, Attributes, root, SymlinkTarget, PieceLayer);
}
