namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>One file's part of a piece (see <see cref="PieceSpotChecker.Segments"/>).</summary>
/// <param name="FileIndex">The index into <see cref="TorrentInfo.Files"/>.</param>
/// <param name="FileOffset">Where the part starts in the file.</param>
/// <param name="PieceOffset">Where the part starts in the piece.</param>
/// <param name="Length">The part's length in bytes.</param>
public readonly record struct PieceSegment(int FileIndex, long FileOffset, int PieceOffset, int Length);
