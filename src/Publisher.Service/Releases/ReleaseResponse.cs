using Publisher.Service.Catalog;

namespace Publisher.Service.Releases;

/// <summary>A release as the JSON API shows it.</summary>
internal sealed record ReleaseResponse(
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
    string Access,
    DateTimeOffset PublishedAt,
    DateTimeOffset? YankedAt,
    ReleaseLinks Links,
    IReadOnlyList<ReleaseFileResponse>? Files)
{
    public static ReleaseResponse From(ReleaseRecord release, Uri baseUrl, IReadOnlyList<ReleaseFile>? files = null)
    {
        List<ReleaseFileResponse>? fileResponses = null;
        if (files is not null)
        {
            fileResponses = new List<ReleaseFileResponse>(files.Count);
            foreach (var file in files)
            {
                fileResponses.Add(new ReleaseFileResponse(file.Path, file.Length));
            }
        }

        return new ReleaseResponse(
            release.Id, release.Product, release.Channel, release.Version, release.Notes, release.Name,
            release.InfoHashV1, release.InfoHashV2, release.TotalSize, release.PieceLength, release.FileCount,
            release.Access == ReleaseAccess.Entitled ? "entitled" : "public", release.PublishedAt, release.YankedAt,
            new ReleaseLinks(
                ServiceUrls.Release(baseUrl, release.Id).AbsoluteUri,
                ServiceUrls.Torrent(baseUrl, release.Id).AbsoluteUri,
                MagnetLink.For(release, baseUrl),
                ServiceUrls.Manifest(baseUrl, release.Id).AbsoluteUri,
                ServiceUrls.WebSeed(baseUrl, ServiceUrls.TrackerInfoHash(release)).AbsoluteUri),
            fileResponses);
    }
}
