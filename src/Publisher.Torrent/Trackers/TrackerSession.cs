namespace Publisher.Torrent.Trackers;

/// <summary>
/// Announces one torrent to its trackers (BEP 12 tiers) for as long as <see cref="RunAsync"/> runs, and reports the
/// peers found through <see cref="PeersReceived"/>. Trackers are shuffled within their tier once, tried in order;
/// one that answers moves to the front of its tier; when a whole tier fails the next tier is tried. A tracker's
/// interval and min interval are honoured, failing trackers back off. Nothing here throws into the download: a
/// failing tracker is a status value (<see cref="GetStatus"/>), so a download with peers or web seeds goes on.
/// </summary>
public sealed partial class TrackerSession : IDisposable
{
    private readonly List<List<TrackerState>> _tiers = [];
    private readonly ITrackerClient _client;
    private readonly TrackerSessionOptions _options;
    private readonly Func<AnnounceProgress> _progress;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _announceGate = new(1, 1);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completedPending;
    private DateTimeOffset _nextDue;

    /// <summary>Creates a session over <paramref name="tiers"/> (the torrent's announce-list, or its single announce URL as one tier).</summary>
    /// <param name="tiers">Tiers of tracker URLs, most preferred first. Empty tiers are ignored.</param>
    /// <param name="client">The announce client (usually one <see cref="TrackerClient"/> shared by all torrents).</param>
    /// <param name="options">The torrent and timing settings; validated here.</param>
    /// <param name="progress">Called before each announce for the current transfer totals.</param>
    public TrackerSession(IReadOnlyList<IReadOnlyList<Uri>> tiers, ITrackerClient client, TrackerSessionOptions options, Func<AnnounceProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        options.Validate();
        _client = client;
        _options = options;
        _progress = progress;
        _time = options.TimeProvider;
        var random = options.ShuffleSeed is { } seed ? new Random(seed) : Random.Shared;
        foreach (var tier in tiers)
        {
            ArgumentNullException.ThrowIfNull(tier);
            var states = new List<TrackerState>(tier.Count);
            foreach (var url in tier)
            {
                ArgumentNullException.ThrowIfNull(url);
                states.Add(new TrackerState(url, _tiers.Count));
            }

            if (states.Count == 0)
            {
                continue;
            }

            // BEP 12: shuffle each tier once, when the torrent is loaded.
            for (var i = states.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (states[i], states[j]) = (states[j], states[i]);
            }

            _tiers.Add(states);
        }
    }

    /// <summary>Raised (on the announcing task) with the peers each successful announce returned. Handlers must not throw.</summary>
    public event EventHandler<TrackerPeersEventArgs>? PeersReceived;

    /// <summary>When the running loop will announce next.</summary>
    public DateTimeOffset NextAnnounce
    {
        get
        {
            lock (_gate)
            {
                return _nextDue;
            }
        }
    }

    /// <summary>A snapshot of every tracker, tier by tier, in current order.</summary>
    public IReadOnlyList<TrackerStatus> GetStatus()
    {
        var list = new List<TrackerStatus>();
        lock (_gate)
        {
            foreach (var tier in _tiers)
            {
                for (var i = 0; i < tier.Count; i++)
                {
                    var state = tier[i];
                    list.Add(new TrackerStatus
                    {
                        Url = state.Url,
                        Tier = state.Tier,
                        Position = i,
                        LastAnnounce = state.LastAnnounce,
                        LastFailure = state.LastFailure,
                        LastError = state.LastError,
                        LastWarning = state.LastWarning,
                        ConsecutiveFailures = state.ConsecutiveFailures,
                        NextAnnounce = state.LastAnnounce is null ? null : state.NotBefore,
                        Seeders = state.Seeders,
                        Leechers = state.Leechers,
                        LastPeerCount = state.LastPeerCount,
                    });
                }
            }
        }

        return list;
    }

    /// <summary>
    /// Announces until <paramref name="cancellationToken"/> is cancelled: <c>started</c> first, then at the interval the
    /// answering tracker asked for; after failures, when the earliest tracker's back-off ends. Returns (never throws)
    /// when cancelled. Call <see cref="StopAsync"/> afterwards to say goodbye to the trackers.
    /// </summary>
    /// <param name="cancellationToken">Ends the loop.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_tiers.Count == 0)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            TrackerEvent announceEvent;
            Task wake;
            lock (_gate)
            {
                // Taken before the round, so a wake-up during the round is not lost.
                wake = _wake.Task;
                announceEvent = _completedPending ? TrackerEvent.Completed : TrackerEvent.None;
                _completedPending = false;
            }

            AnnounceResult result;
            try
            {
                result = await AnnounceAsync(announceEvent, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (announceEvent == TrackerEvent.Completed && !result.IsSuccess)
            {
                lock (_gate)
                {
                    _completedPending = true;
                }
            }

            if (!await WaitUntilDueAsync(wake, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Marks the download complete: the next announce (made at once) carries <c>completed</c>.</summary>
    public void AnnounceCompleted()
    {
        lock (_gate)
        {
            _completedPending = true;
        }

        Wake();
    }

    /// <summary>Asks the running loop for an early announce (e.g. when more peers are wanted); min intervals still apply.</summary>
    public void RequestAnnounce() => Wake();

    /// <summary>
    /// Sends <c>stopped</c> to every tracker that was told <c>started</c>. Failures are ignored (they are recorded in the
    /// status). Call after the <see cref="RunAsync"/> loop has ended.
    /// </summary>
    /// <param name="cancellationToken">Bounds how long to wait for the trackers.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _announceGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var state in Snapshot())
            {
                bool started;
                lock (_gate)
                {
                    started = state.StartedSent;
                }

                if (started)
                {
                    await AnnounceToAsync(state, TrackerEvent.Stopped, cancellationToken);
                }
            }
        }
        finally
        {
            _announceGate.Release();
        }
    }

    /// <summary>Releases the session's synchronisation objects; call once <see cref="RunAsync"/> and <see cref="StopAsync"/> have returned.</summary>
    public void Dispose() => _announceGate.Dispose();

    private void Wake()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            wake = _wake;
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
    }

    /// <summary>Waits until the next announce is due or <see cref="Wake"/> is called; false when cancelled.</summary>
    private async Task<bool> WaitUntilDueAsync(Task wake, CancellationToken cancellationToken)
    {
        TimeSpan delay;
        lock (_gate)
        {
            delay = _nextDue - _time.GetUtcNow();
        }

        if (delay < TimeSpan.FromSeconds(1))
        {
            delay = TimeSpan.FromSeconds(1);
        }

        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, delayCancellation.Token);
        await Task.WhenAny(timer, wake);
        await delayCancellation.CancelAsync();
        return !cancellationToken.IsCancellationRequested;
    }

    private List<TrackerState> Snapshot()
    {
        var all = new List<TrackerState>();
        lock (_gate)
        {
            foreach (var tier in _tiers)
            {
                all.AddRange(tier);
            }
        }

        return all;
    }
}
