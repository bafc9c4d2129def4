namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>How far hashing has got.</summary>
/// <param name="BytesHashed">Bytes of file data (and padding) hashed so far.</param>
/// <param name="TotalBytes">Bytes to hash in all.</param>
public readonly record struct TorrentCreationProgress(long BytesHashed, long TotalBytes);
