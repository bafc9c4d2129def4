using System.Text.Json.Serialization;

namespace Publisher.Service.Releases;

/// <summary>
/// The reply to <c>POST /api/releases/uploads</c>: the upload id to name in <c>POST /api/releases</c> (field
/// <c>upload</c>) once every file is uploaded, and where each file goes.
/// </summary>
/// <param name="Id">The upload id.</param>
/// <param name="ExpiresAt">When unregistered staged files may be removed, and direct upload URLs stop working.</param>
/// <param name="Files">One target per requested file, in the request's order.</param>
/// <param name="Local">
/// When the service stores blobs in a local directory (and <c>Publisher:Releases:LocalUploads</c> is on), where a
/// client on the same machine may write the files itself instead of uploading them to <paramref name="Files"/>;
/// omitted otherwise.
/// </param>
internal sealed record StartUploadResponse(
    string Id,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<UploadTarget> Files,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LocalUploadTarget? Local = null);
