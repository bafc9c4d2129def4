namespace Publisher.Service.Catalog;

/// <summary>What the catalogue needs to publish a release; it becomes visible in one transaction.</summary>
internal sealed record NewRelease(
    string Product,
    string Channel,
    string Version,
    string Notes,
    string Name,
    string? InfoHashV1,
    string? InfoHashV2,
    long TotalSize,
    long PieceLength,
    ReleaseAccess Access,
    DateTimeOffset PublishedAt,
    ReadOnlyMemory<byte> Torrent,
    IReadOnlyList<ReleaseFile> Files);
