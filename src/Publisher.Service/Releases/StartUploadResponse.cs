namespace Publisher.Service.Releases;

/// <summary>
/// The reply to <c>POST /api/releases/uploads</c>: the upload id to name in <c>POST /api/releases</c> (field
/// <c>upload</c>) once every file is uploaded, and where each file goes.
/// </summary>
/// <param name="Id">The upload id.</param>
/// <param name="ExpiresAt">When unregistered staged files may be removed, and direct upload URLs stop working.</param>
/// <param name="Files">One target per requested file, in the request's order.</param>
internal sealed record StartUploadResponse(string Id, DateTimeOffset ExpiresAt, IReadOnlyList<UploadTarget> Files);
