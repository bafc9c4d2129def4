namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// The default offload policy: peers first, the origin for what they cannot give fast enough. In order:
/// <list type="number">
/// <item>Nothing left to fetch: idle.</item>
/// <item>The origin byte budget is spent: idle, except that once peers have delivered nothing for
/// <see cref="PeersFirstOffloadOptions.StallTimeout"/> the origin serves pieces no connected peer has (all pieces when
/// there are no peers), at full concurrency, so the download still finishes.</item>
/// <item>No connected peer but some being dialled, for less than <see cref="PeersFirstOffloadOptions.PeerWait"/>: idle,
/// so peers about to connect get the first chance.</item>
/// <item>No connected peer: full speed from the origin.</item>
/// <item>Peers are connected and warming up, or their rate (averaged over the window) reaches the target: only
/// pieces no connected peer has, one request per such piece up to a fair share of the maximum,
/// ceil(max / (connected peers + 1)), since the other peers see the same gaps and may fetch them from the origin too.</item>
/// <item>Otherwise (peers are slower than the target): top up, with pieces no peer has first and then the rarest,
/// with concurrency in proportion to the shortfall (at least one request).</item>
/// </list>
/// Time comes from the injected clock; thread-safe.
/// </summary>
public sealed class PeersFirstOffloadPolicy : IOffloadPolicy
{
    private const int SampleCount = 32;
    private readonly PeersFirstOffloadOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly long[] _sampleTimes = new long[SampleCount];
    private readonly long[] _sampleBytes = new long[SampleCount];
    private int _sampleStart;
    private int _samples;
    private long _peersSince = -1;
    private long _pendingSince = -1;
    private long _lastPeerBytes;
    private long _lastPeerProgress;

    /// <summary>Creates the policy; the clock starts now.</summary>
    public PeersFirstOffloadPolicy(PeersFirstOffloadOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new PeersFirstOffloadOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _lastPeerProgress = _time.GetTimestamp();
    }

    /// <inheritdoc/>
    public OffloadDecision Decide(OffloadSnapshot snapshot)
    {
        var max = _options.MaxConcurrentRequests;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var rate = Observe(now, snapshot);
            if (snapshot.RemainingBytes <= 0)
            {
                return OffloadDecision.Idle;
            }

            if (_options.OriginByteBudget is { } budget && snapshot.OriginBytes >= budget)
            {
                var stalled = _time.GetElapsedTime(_lastPeerProgress, now) >= _options.StallTimeout;
                return stalled && (snapshot.UnavailablePieces > 0 || snapshot.ConnectedPeers == 0)
                    ? new OffloadDecision(OffloadMode.UnavailableOnly, max)
                    : OffloadDecision.Idle;
            }

            if (snapshot.ConnectedPeers == 0)
            {
                return _pendingSince >= 0 && _time.GetElapsedTime(_pendingSince, now) < _options.PeerWait
                    ? OffloadDecision.Idle
                    : new OffloadDecision(OffloadMode.FullSpeed, max);
            }

            // Every connected peer sees the same gaps and may be fetching them from the origin too: take a fair share
            // of the requests, so a swarm starting together does not fetch the same pieces many times over.
            var share = (max + snapshot.ConnectedPeers) / (snapshot.ConnectedPeers + 1);
            var gaps = Math.Min(share, snapshot.UnavailablePieces);
            var warming = _time.GetElapsedTime(_peersSince, now) < _options.Warmup;
            var target = _options.TargetPeerRate;
            if (warming || target == 0 || rate >= target)
            {
                return gaps > 0 ? new OffloadDecision(OffloadMode.UnavailableOnly, gaps) : OffloadDecision.Idle;
            }

            var shortfall = 1.0 - (rate / target);
            var requests = Math.Clamp((int)Math.Ceiling(max * shortfall), 1, max);
            return new OffloadDecision(OffloadMode.TopUp, Math.Max(requests, gaps));
        }
    }

    /// <summary>Records the sample and returns the peer rate (bytes/s) over the window.</summary>
    private double Observe(long now, OffloadSnapshot snapshot)
    {
        if (snapshot.ConnectedPeers > 0 || snapshot.PendingPeers == 0)
        {
            _pendingSince = -1;
        }
        else if (_pendingSince < 0)
        {
            _pendingSince = now;
        }

        if (snapshot.ConnectedPeers == 0)
        {
            _peersSince = -1;
        }
        else if (_peersSince < 0)
        {
            _peersSince = now;
        }

        if (snapshot.BytesFromPeers > _lastPeerBytes)
        {
            _lastPeerBytes = snapshot.BytesFromPeers;
            _lastPeerProgress = now;
        }

        // Keep samples at least window/SampleCount apart, dropping those older than the window (one older
        // sample stays as the baseline).
        var window = _options.RateWindow;
        var spacing = window / SampleCount;
        var last = (_sampleStart + _samples - 1) % SampleCount;
        if (_samples == 0 || _time.GetElapsedTime(_sampleTimes[last], now) >= spacing)
        {
            if (_samples == SampleCount)
            {
                _sampleStart = (_sampleStart + 1) % SampleCount;
                _samples--;
            }

            var slot = (_sampleStart + _samples) % SampleCount;
            _sampleTimes[slot] = now;
            _sampleBytes[slot] = snapshot.BytesFromPeers;
            _samples++;
        }

        while (_samples > 1 && _time.GetElapsedTime(_sampleTimes[(_sampleStart + 1) % SampleCount], now) >= window)
        {
            _sampleStart = (_sampleStart + 1) % SampleCount;
            _samples--;
        }

        var elapsed = _time.GetElapsedTime(_sampleTimes[_sampleStart], now).TotalSeconds;
        return elapsed <= 0 ? 0 : (snapshot.BytesFromPeers - _sampleBytes[_sampleStart]) / elapsed;
    }
}
