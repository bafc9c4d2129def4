using System.Text.Json;

namespace Publisher.Cli;

/// <summary>
/// How a publish ended: the registered release, or one line saying why not; <see cref="Mismatch"/> when the service
/// hashed the upload itself and got other info hashes than the local files (they changed during the upload).
/// <see cref="Phases"/>: seconds from the start until hashing finished, until the upload finished, and the registration.
/// <see cref="Transport"/>: how the files reached the service (<c>local</c>: written into its staging folder on this
/// host; <c>upload</c>: staged over HTTP or a SAS URL; <c>service</c>: one multipart request hashed by the service).
/// </summary>
internal readonly record struct PublishOutcome(JsonElement Release, string? Error, bool Mismatch, string? LocalV2)
{
    public (double Hashed, double Uploaded, double Register)? Phases { get; init; }

    public string? Transport { get; init; }

    public static PublishOutcome Failed(string error) => new(default, error, false, null);
}
