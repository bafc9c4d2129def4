using System.Diagnostics.Metrics;
using Publisher.Service.Catalog;
using Publisher.Service.Releases;
using Publisher.Service.Tracker;

namespace Publisher.Service.Savings;

/// <summary>
/// Turns the uploaded/downloaded totals peers report in tracker announces (<see cref="ITrackerStatistics"/>) into
/// per-release, per-day <see cref="CatalogCounter.AnnouncedUploaded"/>/<see cref="CatalogCounter.AnnouncedDownloaded"/>
/// counters: each collection adds what each release's swarm gained since the previous one (a swarm the tracker
/// dropped and created again starts from zero, so a smaller total counts whole). Also counted on the
/// <c>publisher.tracker.announced.bytes</c> instrument for <c>/metrics</c>.
/// </summary>
internal sealed class AnnouncedBytesCollector
{
    /// <summary>At most this many (newest) releases are looked at per collection.</summary>
    internal const int MaxReleases = 20 * ReleaseQuery.MaxLimit;

    /// <summary>The meter of the savings accounting.</summary>
    internal const string MeterName = "Publisher.Service.Savings";

    private readonly ICatalogRepository _catalog;
    private readonly ITrackerStatistics _statistics;
    private readonly SavingsRecorder _recorder;
    private readonly Counter<long> _announcedBytes;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, (long Uploaded, long Downloaded)> _seen = [];

    public AnnouncedBytesCollector(ICatalogRepository catalog, ITrackerStatistics statistics, SavingsRecorder recorder, IMeterFactory meterFactory)
    {
        _catalog = catalog;
        _statistics = statistics;
        _recorder = recorder;
        _announcedBytes = meterFactory.Create(MeterName).CreateCounter<long>(
            "publisher.tracker.announced.bytes", "By", "Payload bytes peers reported in announces, by direction (uploaded, downloaded).");
    }

    /// <summary>Reads every release's swarm counters and records the growth since the last call.</summary>
    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            long? before = null;
            var looked = 0;
            while (looked < MaxReleases)
            {
                var page = await _catalog.ListReleasesAsync(new ReleaseQuery(IncludeYanked: true, Limit: ReleaseQuery.MaxLimit, BeforeId: before), cancellationToken);
                foreach (var release in page)
                {
                    await CollectAsync(release, cancellationToken);
                }

                looked += page.Count;
                if (page.Count < ReleaseQuery.MaxLimit)
                {
                    break;
                }

                before = page[^1].Id;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CollectAsync(ReleaseRecord release, CancellationToken cancellationToken)
    {
        var hash = TrackerInfoHash.FromBytes(Convert.FromHexString(ServiceUrls.TrackerInfoHash(release)));
        var swarm = await _statistics.GetSwarmAsync(hash, cancellationToken);
        if (swarm is not { } current)
        {
            return;
        }

        var previous = _seen.GetValueOrDefault(release.Id);
        var uploaded = Delta(current.Uploaded, previous.Uploaded);
        var downloaded = Delta(current.Downloaded, previous.Downloaded);
        _seen[release.Id] = (current.Uploaded, current.Downloaded);
        if (uploaded > 0)
        {
            _recorder.Add(release.Id, CatalogCounter.AnnouncedUploaded, uploaded);
            _announcedBytes.Add(uploaded, new KeyValuePair<string, object?>("direction", "uploaded"));
        }

        if (downloaded > 0)
        {
            _recorder.Add(release.Id, CatalogCounter.AnnouncedDownloaded, downloaded);
            _announcedBytes.Add(downloaded, new KeyValuePair<string, object?>("direction", "downloaded"));
        }
    }

    private static long Delta(long current, long previous) => current >= previous ? current - previous : Math.Max(current, 0);
}
