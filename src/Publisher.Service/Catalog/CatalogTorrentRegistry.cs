using Publisher.Service.Tracker;

namespace Publisher.Service.Catalog;

/// <summary>
/// The tracker's view of the catalogue: an info hash is registered when a release has it (v1, or v2 truncated to
/// 20 bytes), answered from the in-memory <see cref="ReleaseIndex"/> without touching the database. A release
/// published as <see cref="ReleaseAccess.Entitled"/> requires download tokens whatever the tracker-wide mode.
/// </summary>
internal sealed class CatalogTorrentRegistry : ITorrentRegistry
{
    private readonly ReleaseIndex _index;

    public CatalogTorrentRegistry(ReleaseIndex index)
    {
        _index = index;
    }

    public ValueTask<TorrentRegistration> FindAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
    {
        Span<byte> bytes = stackalloc byte[TrackerInfoHash.Length];
        infoHash.CopyTo(bytes);
        if (!_index.TryFind(bytes, out var entry))
        {
            return ValueTask.FromResult(TorrentRegistration.Unknown);
        }

        return ValueTask.FromResult(entry.Access == ReleaseAccess.Entitled
            ? new TorrentRegistration(true, TrackerAccessMode.Entitled)
            : TorrentRegistration.Published);
    }
}
