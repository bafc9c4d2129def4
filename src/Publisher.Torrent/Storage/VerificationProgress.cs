namespace Publisher.Torrent.Storage;

/// <summary>How far verification has got.</summary>
/// <param name="BytesChecked">Bytes of the piece space read and hashed so far.</param>
/// <param name="TotalBytes">Bytes to check in all.</param>
public readonly record struct VerificationProgress(long BytesChecked, long TotalBytes);
