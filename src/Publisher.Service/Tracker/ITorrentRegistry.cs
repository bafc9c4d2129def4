namespace Publisher.Service.Tracker;

/// <summary>
/// Tells the tracker which info hashes are published releases and how each may be reached. The release
/// catalogue implements it; the tracker calls it on every announce and scrape, so implementations should answer
/// from memory (a cache refreshed on publish) and complete synchronously.
/// </summary>
public interface ITorrentRegistry
{
    /// <summary>Looks <paramref name="infoHash"/> up; <see cref="TorrentRegistration.Unknown"/> when it is not a published release.</summary>
    ValueTask<TorrentRegistration> FindAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken);
}
