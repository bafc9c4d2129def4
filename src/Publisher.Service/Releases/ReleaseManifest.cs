using System.Text.Json;
using Publisher.Service.Catalog;

namespace Publisher.Service.Releases;

/// <summary>
/// The document the publisher signs for each release: what was published (product, channel, version, notes)
/// and what it consists of (info hashes, which pin every byte, and the file list). Clients verify the JWS
/// with the key at <c>GET /api/keys/signing</c> before trusting a download.
/// </summary>
internal sealed record ReleaseManifest(
    string Schema,
    long Id,
    string Product,
    string Channel,
    string Version,
    string Notes,
    string Name,
    string? InfoHashV1,
    string? InfoHashV2,
    long TotalSize,
    long PieceLength,
    DateTimeOffset PublishedAt,
    IReadOnlyList<ReleaseFileResponse> Files)
{
    /// <summary>The manifest format's identifier and version.</summary>
    public const string SchemaName = "publisher.release-manifest/1";

    /// <summary>The JWS <c>typ</c> header of signed manifests.</summary>
    public const string JwsType = "publisher-manifest+json";

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public static ReleaseManifest From(ReleaseRecord release, IReadOnlyList<ReleaseFile> files)
    {
        var list = new List<ReleaseFileResponse>(files.Count);
        foreach (var file in files)
        {
            list.Add(new ReleaseFileResponse(file.Path, file.Length));
        }

        return new ReleaseManifest(SchemaName, release.Id, release.Product, release.Channel, release.Version, release.Notes, release.Name,
            release.InfoHashV1, release.InfoHashV2, release.TotalSize, release.PieceLength, release.PublishedAt, list);
    }

    /// <summary>The exact bytes that are signed (UTF-8 JSON, camelCase).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, SerializerOptions);
}
