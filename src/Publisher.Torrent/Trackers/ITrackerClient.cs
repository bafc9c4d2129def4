namespace Publisher.Torrent.Trackers;

/// <summary>
/// Announces to and scrapes one tracker URL. Implementations never throw for tracker or network failures: those come
/// back as failed results. Exceptions are for misuse (bad arguments) and cancellation.
/// </summary>
public interface ITrackerClient
{
    /// <summary>Announces <paramref name="request"/> to <paramref name="tracker"/>.</summary>
    /// <param name="tracker">An http, https or udp tracker URL.</param>
    /// <param name="request">The announce fields.</param>
    /// <param name="cancellationToken">Cancels the announce.</param>
    ValueTask<AnnounceResult> AnnounceAsync(Uri tracker, AnnounceRequest request, CancellationToken cancellationToken);

    /// <summary>Asks <paramref name="tracker"/> for the swarm counts of up to <see cref="ProtocolLimits.MaxScrapeInfoHashes"/> torrents.</summary>
    /// <param name="tracker">An http, https or udp tracker (announce) URL.</param>
    /// <param name="infoHashes">20-byte info hashes.</param>
    /// <param name="cancellationToken">Cancels the scrape.</param>
    ValueTask<ScrapeResult> ScrapeAsync(Uri tracker, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes, CancellationToken cancellationToken);
}
