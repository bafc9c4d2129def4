namespace Publisher.Torrent.WebSeeds;

/// <summary>Progress of a web-seed download.</summary>
/// <param name="BytesVerified">Piece-space bytes verified and written so far.</param>
/// <param name="TotalBytes">The torrent's piece-space size.</param>
/// <param name="BytesFromWebSeeds">Payload bytes received from web seeds so far.</param>
public readonly record struct WebSeedDownloadProgress(long BytesVerified, long TotalBytes, long BytesFromWebSeeds);
