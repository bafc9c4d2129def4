namespace Publisher.Service.Catalog;

/// <summary>A published release as the catalogue keeps it (without its .torrent bytes and file list).</summary>
/// <param name="Id">The catalogue's identifier, increasing in publish order.</param>
/// <param name="Product">The product name (lowercase, validated by the API).</param>
/// <param name="Channel">The channel (stable, beta, ...).</param>
/// <param name="Version">The semantic version, unique per product.</param>
/// <param name="Notes">Release notes, possibly empty.</param>
/// <param name="Name">The torrent's name (its root file or directory).</param>
/// <param name="InfoHashV1">The v1 info hash in lowercase hex, or null for a v2-only torrent.</param>
/// <param name="InfoHashV2">The v2 info hash in lowercase hex, or null for a v1-only torrent.</param>
/// <param name="TotalSize">The payload size in bytes.</param>
/// <param name="PieceLength">The torrent's piece length in bytes.</param>
/// <param name="FileCount">How many payload files the torrent has.</param>
/// <param name="TorrentSize">The size of the stored .torrent file in bytes.</param>
/// <param name="Access">Who may join the swarm.</param>
/// <param name="PublishedAt">When the release became visible.</param>
/// <param name="YankedAt">When the release was withdrawn, or null.</param>
internal sealed record ReleaseRecord(
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
    int FileCount,
    long TorrentSize,
    ReleaseAccess Access,
    DateTimeOffset PublishedAt,
    DateTimeOffset? YankedAt)
{
    /// <summary>True once the release has been withdrawn.</summary>
    public bool IsYanked => YankedAt is not null;
}
