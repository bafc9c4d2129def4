using Publisher.Service.Catalog;

namespace Publisher.Service.Releases;

/// <summary>A release to register: a torrent made elsewhere (CI) and what it is.</summary>
/// <param name="Product">Product name (see <see cref="ReleaseNames"/>).</param>
/// <param name="Channel">Channel, or null for <see cref="ReleaseNames.DefaultChannel"/>.</param>
/// <param name="Version">Semantic version.</param>
/// <param name="Notes">Release notes, or null.</param>
/// <param name="Access">Who may join the swarm.</param>
/// <param name="Torrent">The .torrent file as uploaded.</param>
internal sealed record PublishRequest(string? Product, string? Channel, string? Version, string? Notes, ReleaseAccess Access, ReadOnlyMemory<byte> Torrent)
{
    /// <summary>
    /// The upload (from <c>POST /api/releases/uploads</c>) whose staged files are this torrent's payload, or null when
    /// the payload is already in the blob store. With an upload, the files are checked (sizes, a sample of pieces) and
    /// moved into place before the release is registered.
    /// </summary>
    public string? UploadId { get; init; }
}
