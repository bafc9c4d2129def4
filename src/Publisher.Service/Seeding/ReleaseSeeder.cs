using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;
using Publisher.Service.Savings;
using Publisher.Service.Tracker;
using Publisher.Storage;
using Publisher.Storage.Local;
using Publisher.Torrent.Engine;

namespace Publisher.Service.Seeding;

/// <summary>
/// The service's own seed: one <see cref="TorrentEngine"/> on <c>Publisher:Seeding:Port</c> that seeds every published,
/// non-yanked release whose payload is complete in the local blob store, reading the files in place (the store keeps a
/// release under <c>releases/{hash}/</c> exactly as the torrent lays it out, so that folder is the engine's save
/// directory). It announces to the torrents' trackers (the service's own first), starts a release as soon as this
/// instance publishes it, picks up yanks and other instances' releases every <see cref="SeedingOptions.RefreshInterval"/>,
/// and stops with the host. Bytes it uploads are counted as <see cref="CatalogCounter.SeedUploaded"/> (peer bytes).
/// With a remote blob store (Azure) it does not seed and says so once.
/// </summary>
internal sealed partial class ReleaseSeeder : BackgroundService
{
    private readonly ICatalogRepository _catalog;
    private readonly IBlobStore _store;
    private readonly ReleaseIndex _index;
    private readonly IOptions<PublisherOptions> _options;
    private readonly PublisherPaths _paths;
    private readonly SavingsRecorder _recorder;
    private readonly SeedingMetrics _metrics;
    private readonly DownloadTokenService _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<ReleaseSeeder> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SeededRelease> _seeded = [];
    private readonly HashSet<long> _reported = [];
    private readonly HashSet<long> _skipped = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TorrentEngine? _engine;
    private long _uploadedByStopped;

    public ReleaseSeeder(
        ICatalogRepository catalog, IBlobStore store, ReleaseIndex index, IOptions<PublisherOptions> options, PublisherPaths paths,
        SavingsRecorder recorder, SeedingMetrics metrics, DownloadTokenService tokens, TimeProvider time, ILogger<ReleaseSeeder> logger)
    {
        _catalog = catalog;
        _store = store;
        _index = index;
        _options = options;
        _paths = paths;
        _recorder = recorder;
        _metrics = metrics;
        _tokens = tokens;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where peers reach the seed, or null while it is not listening (off, remote store, port in use, stopped).</summary>
    public IPEndPoint? LocalEndPoint => _engine?.LocalEndPoint;

    /// <summary>Completes once the first pass over the catalogue is done (or at once when the seed does not run).</summary>
    public Task Started => _started.Task;

    /// <summary>The ids of the releases seeded now.</summary>
    public IReadOnlyList<long> SeededReleaseIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _seeded.Keys];
            }
        }
    }

    /// <summary>The engine's statistics of a seeded release, or null when it is not seeded.</summary>
    public TransferStatistics? GetStatistics(long releaseId)
    {
        lock (_gate)
        {
            return _seeded.TryGetValue(releaseId, out var seeded) ? seeded.Handle.Statistics : null;
        }
    }

    /// <summary>Adds what each release uploaded since the last call to the savings counters (called before every flush).</summary>
    public void CollectUploads()
    {
        lock (_gate)
        {
            foreach (var seeded in _seeded.Values)
            {
                Collect(seeded);
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Value.Seeding;
        if (!options.Enabled)
        {
            Log.Disabled(_logger);
            _started.TrySetResult();
            return;
        }

        if (_store is not LocalBlobStore local)
        {
            Log.RemoteStore(_logger, _store.Kind);
            _started.TrySetResult();
            return;
        }

        var endPoint = new IPEndPoint(IPAddress.Parse(options.ListenAddress), options.Port);
        try
        {
            _engine = new TorrentEngine(new EngineOptions
            {
                ListenEndPoint = endPoint,
                MaxUploadBytesPerSecond = options.MaxUploadBytesPerSecond,
                TimeProvider = _time,
            });
        }
        catch (SocketException exception)
        {
            Log.ListenFailed(_logger, endPoint.ToString(), exception.SocketErrorCode);
            _started.TrySetResult();
            return;
        }

        Log.Listening(_logger, _engine.LocalEndPoint.ToString());
        _metrics.SetSource(ReadMetrics);
        _recorder.AddCollector(CollectUploads);
        _index.Added += OnReleaseAdded;
        try
        {
            await RunAsync(local.RootDirectory, options.RefreshInterval, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            _index.Added -= OnReleaseAdded;
            _started.TrySetResult();
            await StopAllAsync();
        }
    }

    private async Task RunAsync(string storeRoot, TimeSpan interval, CancellationToken stoppingToken)
    {
        Task? wake = null;
        while (true)
        {
            try
            {
                await SyncAsync(storeRoot, stoppingToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException or IOException or InvalidOperationException
                && !stoppingToken.IsCancellationRequested)
            {
                // The catalogue is unreachable for now: keep seeding what runs, try again next time.
                Log.SyncFailed(_logger, exception);
            }

            _started.TrySetResult();
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(interval, _time, tick.Token);
            wake ??= _wake.WaitAsync(stoppingToken);
            var first = await Task.WhenAny(wake, delay);
            if (first == wake)
            {
                await wake;
                wake = null;
                await tick.CancelAsync();
            }

            await first;
        }
    }

    private void OnReleaseAdded(ReleaseRecord release)
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or the seed has stopped.
        }
    }

    private (long Uploaded, int Releases) ReadMetrics()
    {
        lock (_gate)
        {
            var uploaded = _uploadedByStopped;
            foreach (var seeded in _seeded.Values)
            {
                uploaded += seeded.Handle.Statistics.UploadedToPeers;
            }

            return (uploaded, _seeded.Count);
        }
    }

    /// <summary>Records the growth of one release's upload total (called under <see cref="_gate"/>).</summary>
    private void Collect(SeededRelease seeded)
    {
        var uploaded = seeded.Handle.Statistics.UploadedToPeers;
        var delta = uploaded - seeded.RecordedUploaded;
        if (delta > 0)
        {
            _recorder.Add(seeded.ReleaseId, CatalogCounter.SeedUploaded, delta);
            seeded.RecordedUploaded = uploaded;
        }
    }

    private async Task StopAllAsync()
    {
        _recorder.RemoveCollector(CollectUploads);
        lock (_gate)
        {
            foreach (var seeded in _seeded.Values)
            {
                Collect(seeded);
            }
        }

        if (_engine is { } engine)
        {
            // Every torrent stops at once (a last 'stopped' announce each, up to the engine's announce timeout, and its
            // resume data saved), so shutting down with many releases takes one announce, not one per release.
            List<Task> stopping = [];
            foreach (var handle in engine.Torrents)
            {
                stopping.Add(engine.RemoveAsync(handle, CancellationToken.None));
            }

            await Task.WhenAll(stopping);
            await engine.DisposeAsync();
        }

        lock (_gate)
        {
            foreach (var seeded in _seeded.Values)
            {
                Collect(seeded);
                _uploadedByStopped += seeded.Handle.Statistics.UploadedToPeers;
            }

            _seeded.Clear();
        }

        _metrics.SetSource(null);
        _engine = null;
    }
}
