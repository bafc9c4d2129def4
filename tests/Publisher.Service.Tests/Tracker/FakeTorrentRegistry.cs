using System.Collections.Concurrent;
using Publisher.Service.Tracker;

namespace Publisher.Service.Tests.Tracker;

/// <summary>A registry tests fill by hand.</summary>
internal sealed class FakeTorrentRegistry : ITorrentRegistry
{
    private readonly ConcurrentDictionary<TrackerInfoHash, TorrentRegistration> _releases = new();

    public void Publish(TrackerInfoHash infoHash, TrackerAccessMode? access = null) => _releases[infoHash] = new TorrentRegistration(true, access);

    public ValueTask<TorrentRegistration> FindAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
        => ValueTask.FromResult(_releases.TryGetValue(infoHash, out var registration) ? registration : TorrentRegistration.Unknown);
}
