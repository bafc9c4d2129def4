namespace Publisher.Service.Releases;

/// <summary>One file of a <see cref="StartUploadRequest"/>.</summary>
/// <param name="Path">The '/'-separated path inside the torrent.</param>
/// <param name="Length">Its length in bytes.</param>
internal sealed record StartUploadFile(string? Path, long Length);
