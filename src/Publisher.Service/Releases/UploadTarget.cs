namespace Publisher.Service.Releases;

/// <summary>Where one file of an upload goes.</summary>
/// <param name="Path">The file's path inside the torrent.</param>
/// <param name="Url">
/// When <paramref name="Direct"/> is false, the service URL to <c>PUT</c> the whole file to (with Content-Length and the
/// API key); when true, a short-lived write-only SAS URL of the staging blob itself: Azure Put Block / Put Block List.
/// </param>
/// <param name="Direct">True when the client uploads straight to the blob store.</param>
/// <param name="BlobKey">For a direct upload, the blob's key (the URL is the container's URL, this key and the SAS).</param>
internal sealed record UploadTarget(string Path, Uri Url, bool Direct, string? BlobKey);
