using System.Collections.Concurrent;
using Publisher.Service.Tracker;

namespace Publisher.Interop.Tests.TrackerServer;

/// <summary>A registry the interop tests fill: every info hash added is a published release.</summary>
internal sealed class PublishedTorrents : ITorrentRegistry
{
    private readonly ConcurrentDictionary<TrackerInfoHash, byte> _published = new();

    public void Add(TrackerInfoHash infoHash) => _published[infoHash] = 0;

    public ValueTask<TorrentRegistration> FindAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
        => ValueTask.FromResult(_published.ContainsKey(infoHash) ? TorrentRegistration.Published : TorrentRegistration.Unknown);
}
