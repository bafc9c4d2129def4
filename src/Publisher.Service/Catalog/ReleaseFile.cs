namespace Publisher.Service.Catalog;

/// <summary>One payload file of a release.</summary>
/// <param name="Path">The path inside the torrent, '/'-separated, already validated (no traversal).</param>
/// <param name="Length">The file's size in bytes.</param>
internal sealed record ReleaseFile(string Path, long Length);
