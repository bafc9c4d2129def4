namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>One file going into a new torrent.</summary>
/// <param name="FullPath">Where it is on disk.</param>
/// <param name="PathComponents">Its path inside the torrent, relative to the torrent's name (for a single-file torrent, the name itself).</param>
/// <param name="Length">Its size when the source was scanned; hashing fails if it changes.</param>
internal sealed record SourceFile(string FullPath, IReadOnlyList<string> PathComponents, long Length);
