using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Publisher.Cli;

/// <summary>
/// Decides whether <c>publisher publish</c> can write a release's files straight into the service's staging
/// folder. The service offers it (<c>local</c> in the reply of <c>POST /api/releases/uploads</c>: the folder, a proof
/// file it wrote with mode 0600, and the proof's content) when its blob store is a local directory. Reading that
/// file back proves this process sees the same file system as the same user (or as root). The service has made every
/// folder the files need, so it can move the files whoever wrote them. Otherwise the files go over HTTP.
/// </summary>
internal static class LocalStaging
{
    /// <summary>The staging folder to write into, or null to upload over HTTP.</summary>
    public static string? Find(JsonElement startReply)
    {
        if (!startReply.TryGetProperty("local", out var local) || local.ValueKind != JsonValueKind.Object
            || Text(local, "directory") is not { } directory || Text(local, "proofFile") is not { } proofFile || Text(local, "proof") is not { } proof
            || !Path.IsPathFullyQualified(directory) || !Path.IsPathFullyQualified(proofFile) || !Directory.Exists(directory))
        {
            return null;
        }

        string written;
        try
        {
            var info = new FileInfo(proofFile);
            if (!info.Exists || info.Length > 256)
            {
                return null;
            }

            written = File.ReadAllText(proofFile).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return proof.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(written), Encoding.UTF8.GetBytes(proof)) ? directory : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
