namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// One part of a piece-space range that lies in one file: a byte range of a real file (fetched over HTTP) or
/// of a pad file (zeros, filled locally).
/// </summary>
/// <param name="FileIndex">Index into the torrent's <c>Files</c> (v1 order, pad files included).</param>
/// <param name="FileOffset">First byte within the file.</param>
/// <param name="Length">Bytes.</param>
/// <param name="BufferOffset">Where the bytes go in the caller's buffer.</param>
/// <param name="IsPadding">True for a pad file: never requested.</param>
internal readonly record struct WebSeedSegment(int FileIndex, long FileOffset, int Length, int BufferOffset, bool IsPadding);
