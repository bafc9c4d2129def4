namespace Publisher.Torrent.Trackers;

/// <summary>
/// Announces to and scrapes http, https and udp trackers. Failures (unreachable, timeout, rejected, malformed reply)
/// are result values; only bad arguments throw. Thread-safe; one instance can serve every torrent of a process.
/// </summary>
public sealed class TrackerClient : ITrackerClient, IDisposable
{
    private readonly HttpTrackerClient _http;

    /// <summary>Creates a client with <paramref name="options"/> (defaults when null).</summary>
    /// <param name="options">Settings; validated here.</param>
    public TrackerClient(TrackerClientOptions? options = null)
    {
        options ??= new TrackerClientOptions();
        options.Validate();
        _http = new HttpTrackerClient(options);
        Udp = new UdpTrackerClient(options);
    }

    internal UdpTrackerClient Udp { get; }

    /// <inheritdoc />
    public ValueTask<AnnounceResult> AnnounceAsync(Uri tracker, AnnounceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return Scheme(tracker) switch
        {
            TrackerScheme.Http => _http.AnnounceAsync(tracker, request, cancellationToken),
            TrackerScheme.Udp => Udp.AnnounceAsync(tracker, request, cancellationToken),
            _ => ValueTask.FromResult(AnnounceResult.Failed(TrackerFailure.UnsupportedScheme, $"Tracker scheme '{tracker.Scheme}' is not supported (http, https, udp).")),
        };
    }

    /// <inheritdoc />
    public ValueTask<ScrapeResult> ScrapeAsync(Uri tracker, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(infoHashes);
        if (infoHashes.Count is 0 or > ProtocolLimits.MaxScrapeInfoHashes)
        {
            throw new ArgumentOutOfRangeException(nameof(infoHashes), infoHashes.Count, $"Scrape 1-{ProtocolLimits.MaxScrapeInfoHashes} info hashes at a time.");
        }

        for (var i = 0; i < infoHashes.Count; i++)
        {
            if (infoHashes[i].Length != 20)
            {
                throw new ArgumentException("Every info hash must be 20 bytes.", nameof(infoHashes));
            }
        }

        return Scheme(tracker) switch
        {
            TrackerScheme.Http => _http.ScrapeAsync(tracker, infoHashes, cancellationToken),
            TrackerScheme.Udp => Udp.ScrapeAsync(tracker, infoHashes, cancellationToken),
            _ => ValueTask.FromResult(ScrapeResult.Failed(TrackerFailure.UnsupportedScheme, $"Tracker scheme '{tracker.Scheme}' is not supported (http, https, udp).")),
        };
    }

    /// <summary>Releases the HTTP client if this instance created it.</summary>
    public void Dispose() => _http.Dispose();

    private static TrackerScheme Scheme(Uri tracker)
    {
        if (!tracker.IsAbsoluteUri)
        {
            return TrackerScheme.Unsupported;
        }

        return tracker.Scheme switch
        {
            "http" or "https" => TrackerScheme.Http,
            "udp" => TrackerScheme.Udp,
            _ => TrackerScheme.Unsupported,
        };
    }

    private enum TrackerScheme
    {
        Unsupported,
        Http,
        Udp,
    }
}
