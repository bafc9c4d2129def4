namespace Publisher.Service.Tracker;

/// <summary>The registry used until the catalogue registers its own: it knows no release.</summary>
internal sealed class EmptyTorrentRegistry : ITorrentRegistry
{
    public ValueTask<TorrentRegistration> FindAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
        => ValueTask.FromResult(TorrentRegistration.Unknown);
}
