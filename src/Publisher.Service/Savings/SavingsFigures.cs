using Publisher.Service.Catalog;

namespace Publisher.Service.Savings;

/// <summary>
/// Bandwidth figures for a set of counters. Origin bytes are the larger of what the service measured serving
/// (web seed) and what clients reported getting from web seeds/origin, so the savings claimed are never
/// flattered. Peer bytes are the largest of what clients reported getting from peers (telemetry), what peers
/// reported uploading to each other in tracker announces, and what the service's own seed uploaded (it is a peer:
/// its bytes travel over the BitTorrent wire, not the origin): each undercounts (not every client reports, not every
/// announce is seen, the seed is one peer of many), so the largest is the best lower bound. Delivered = peers +
/// origin; savings = 1 - origin / delivered (null when nothing was delivered). Every source is also given as it is:
/// origin bytes the web seed measured, bytes clients reported (telemetry) from peers and from the origin, bytes
/// peers reported uploading and downloading in announces, and bytes the service's own seed uploaded.
/// </summary>
internal sealed record SavingsFigures(
    long OriginBytes,
    long PeerBytes,
    long DeliveredBytes,
    double? Savings,
    long CompletedDownloads,
    long FailedDownloads,
    long AnnouncedUploadedBytes = 0,
    long AnnouncedDownloadedBytes = 0,
    long SeedUploadedBytes = 0,
    long MeasuredOriginBytes = 0,
    long ReportedPeerBytes = 0,
    long ReportedOriginBytes = 0)
{
    /// <summary>Sums the counters of possibly many releases and days.</summary>
    public static SavingsFigures From(IEnumerable<CounterTotal> counters)
    {
        var perReleaseDay = new Dictionary<(long, long), (long Measured, long Reported, long Peers, long Completed, long Failed, long Uploaded, long Downloaded, long Seed)>();
        foreach (var total in counters)
        {
            var key = (total.ReleaseId, total.Day);
            var value = perReleaseDay.GetValueOrDefault(key);
            value = total.Counter switch
            {
                CatalogCounter.OriginBytes => value with { Measured = value.Measured + total.Value },
                CatalogCounter.ReportedOriginBytes => value with { Reported = value.Reported + total.Value },
                CatalogCounter.PeerBytes => value with { Peers = value.Peers + total.Value },
                CatalogCounter.CompletedDownloads => value with { Completed = value.Completed + total.Value },
                CatalogCounter.FailedDownloads => value with { Failed = value.Failed + total.Value },
                CatalogCounter.AnnouncedUploaded => value with { Uploaded = value.Uploaded + total.Value },
                CatalogCounter.AnnouncedDownloaded => value with { Downloaded = value.Downloaded + total.Value },
                CatalogCounter.SeedUploaded => value with { Seed = value.Seed + total.Value },
                _ => value,
            };
            perReleaseDay[key] = value;
        }

        long origin = 0, peers = 0, completed = 0, failed = 0, uploaded = 0, downloaded = 0, seed = 0, measured = 0, reportedPeers = 0, reportedOrigin = 0;
        foreach (var value in perReleaseDay.Values)
        {
            origin += Math.Max(value.Measured, value.Reported);
            peers += Math.Max(Math.Max(value.Peers, value.Uploaded), value.Seed);
            seed += value.Seed;
            measured += value.Measured;
            reportedPeers += value.Peers;
            reportedOrigin += value.Reported;
            uploaded += value.Uploaded;
            downloaded += value.Downloaded;
            completed += value.Completed;
            failed += value.Failed;
        }

        var delivered = origin + peers;
        double? savings = delivered == 0 ? null : Math.Round(1.0 - ((double)origin / delivered), 6);
        return new SavingsFigures(origin, peers, delivered, savings, completed, failed, uploaded, downloaded, seed, measured, reportedPeers, reportedOrigin);
    }
}
