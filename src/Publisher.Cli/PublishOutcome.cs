using System.Text.Json;

namespace Publisher.Cli;

/// <summary>
/// How a publish ended: the registered release, or one line saying why not; <see cref="Mismatch"/> when the service
/// hashed the upload itself and got other info hashes than the local files (they changed during the upload).
/// <see cref="Phases"/>: seconds from the start until hashing finished, until the upload finished, and the registration.
/// </summary>
internal readonly record struct PublishOutcome(JsonElement Release, string? Error, bool Mismatch, string? LocalV2)
{
    public (double Hashed, double Uploaded, double Register)? Phases { get; init; }

    public static PublishOutcome Failed(string error) => new(default, error, false, null);
}
