namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>One file of a torrent being created (see <see cref="TorrentBuilder.ListFiles"/>).</summary>
/// <param name="FullPath">Where it is on disk.</param>
/// <param name="TorrentPath">
/// Its '/'-separated path inside the torrent as a download folder shows it: the name for a single-file torrent,
/// <c>name/sub/file</c> for a multi-file one (the same as <see cref="TorrentFile.PathString"/>).
/// </param>
/// <param name="Length">Its size when the source was scanned.</param>
public sealed record TorrentSourceFile(string FullPath, string TorrentPath, long Length);
