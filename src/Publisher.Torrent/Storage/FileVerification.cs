namespace Publisher.Torrent.Storage;

/// <summary>The verdict on one file of a torrent.</summary>
/// <param name="Path">The file's path below the target directory, with '/' separators (the torrent's name first for multi-file torrents).</param>
/// <param name="Length">The size the torrent expects.</param>
/// <param name="Status">What was found.</param>
public sealed record FileVerification(string Path, long Length, FileVerificationStatus Status);
