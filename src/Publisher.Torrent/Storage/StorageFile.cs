namespace Publisher.Torrent.Storage;

/// <summary>One entry of a torrent's file list as storage sees it.</summary>
/// <param name="Path">Components below the target directory, the torrent's name first for multi-file torrents.</param>
/// <param name="Length">Bytes.</param>
/// <param name="IsPadding">A BEP 47 pad file: zeros that are never on disk.</param>
/// <param name="PiecesRoot">v2: the file's merkle root (empty for v1-only torrents, padding and empty files).</param>
/// <param name="PieceLayer">v2: the file's piece layer, one 32-byte hash per piece (empty when the file fits in one piece).</param>
internal sealed record StorageFile(
    IReadOnlyList<string> Path,
    long Length,
    bool IsPadding,
    ReadOnlyMemory<byte> PiecesRoot,
    ReadOnlyMemory<byte> PieceLayer);
