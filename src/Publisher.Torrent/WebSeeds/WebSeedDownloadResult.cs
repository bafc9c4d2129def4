namespace Publisher.Torrent.WebSeeds;

/// <summary>The outcome of <see cref="WebSeedDownloader.DownloadAsync"/>.</summary>
/// <param name="Completed">True when every piece was fetched, verified and written.</param>
/// <param name="BytesFromWebSeeds">Payload bytes received from web seeds, including data that failed verification and was fetched again.</param>
/// <param name="PiecesVerified">Pieces that passed the hash check and were written.</param>
/// <param name="Elapsed">Wall time of the download.</param>
/// <param name="Error">Why the download did not complete (which file, which seeds, what they answered), or null.</param>
public sealed record WebSeedDownloadResult(bool Completed, long BytesFromWebSeeds, int PiecesVerified, TimeSpan Elapsed, string? Error);
