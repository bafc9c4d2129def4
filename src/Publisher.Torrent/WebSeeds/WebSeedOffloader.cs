using System.Buffers;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// The web seeds of one torrent as a source in the engine. About once per <c>decisionInterval</c>, and whenever a
/// request ends, it asks the <see cref="IOffloadPolicy"/> what the origin should do, claims that many whole pieces from
/// the picker (pieces no peer has, or the rarest when topping up), fetches each from a seed that may serve it, verifies
/// it and hands it to the host. A piece whose data fails the hash makes that seed bad for its files and goes back to
/// the picker; a seed that asks to be left alone (Retry-After, open circuit) rests that long. When every seed has
/// given up on a piece (bad for its files, or <see cref="MaxConsecutiveFailures"/> failed fetches in a row),
/// <see cref="Exhausted"/> is told why; the host decides whether that ends the download (no peers) or peers carry on.
/// </summary>
internal sealed class WebSeedOffloader
{
    private readonly TorrentInfo _torrent;
    private readonly IReadOnlyList<WebSeedSource> _sources;
    private readonly IWebSeedHost _host;
    private readonly IOffloadPolicy _policy;
    private readonly TimeProvider _time;
    private readonly TimeSpan _decisionInterval;
    private readonly long[] _restingUntil;
    private readonly int[] _failures;
    private readonly string?[] _lastErrors;
    private const int MaxSkippedPerRound = 64;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _nextSource;

    public WebSeedOffloader(TorrentInfo torrent, IReadOnlyList<WebSeedSource> sources, IWebSeedHost host, IOffloadPolicy policy, TimeProvider? time = null, TimeSpan? decisionInterval = null)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(policy);
        _torrent = torrent;
        _sources = sources;
        _host = host;
        _policy = policy;
        _time = time ?? TimeProvider.System;
        _decisionInterval = decisionInterval ?? TimeSpan.FromSeconds(1);
        _restingUntil = new long[sources.Count];
        _failures = new int[sources.Count];
        _lastErrors = new string?[sources.Count];
    }

    /// <summary>Failed fetches in a row after which a seed counts as given up (it is still tried after resting); default 3.</summary>
    public int MaxConsecutiveFailures { get; init; } = 3;

    /// <summary>
    /// A seed that asks to be left alone at least this long (a long Retry-After, an open circuit) counts as given up at
    /// once rather than after <see cref="MaxConsecutiveFailures"/>; default 30 s.
    /// </summary>
    public TimeSpan GiveUpRest { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At full speed (no peers), the most bytes one request may cover: a claimed piece is extended with the next
    /// unclaimed pieces up to this size and fetched with one Range request per file; default 0 (one piece per request).
    /// </summary>
    public int MaxRunBytes { get; init; }

    /// <summary>
    /// Called (from a fetch's thread) whenever a fetch fails while every seed has given up on that piece, with a
    /// message naming the seeds' last errors; null to ignore.
    /// </summary>
    public Action<string>? Exhausted { get; init; }

    /// <summary>Requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or nothing is left to fetch; waits for requests in flight.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var snapshot = _host.Snapshot();
                if (snapshot.RemainingBytes <= 0 && InFlight == 0)
                {
                    return;
                }

                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                StartRequests(_policy.Decide(snapshot), tasks, cancellationToken);
                tasks.RemoveAll(static task => task.IsCompleted);
                await Task.WhenAny(changed, Task.Delay(_decisionInterval, _time, cancellationToken)).ConfigureAwait(false);
            }
        }
        finally
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }

    private void StartRequests(OffloadDecision decision, List<Task> tasks, CancellationToken cancellationToken)
    {
        if (decision.Mode.ToClaimPolicy() is not { } claimPolicy || !AnyAwake())
        {
            return;
        }

        // Pieces no awake seed may serve stay claimed until this round ends, so the next claims reach other pieces
        // (a seed bad for one file still serves the rest); then they go back to the picker for peers.
        List<int>? skipped = null;
        try
        {
            while (InFlight < decision.MaxConcurrentRequests)
            {
                if (!_host.Claims.TryClaimPiece(this, claimPolicy, out var piece))
                {
                    return;
                }

                var source = AwakeSourceFor((long)piece * _torrent.PieceLength, _torrent.GetPieceSize(piece));
                if (source < 0)
                {
                    ReportIfExhausted((long)piece * _torrent.PieceLength, _torrent.GetPieceSize(piece));
                    (skipped ??= []).Add(piece);
                    if (skipped.Count >= MaxSkippedPerRound)
                    {
                        return;
                    }

                    continue;
                }

                var count = decision.Mode == OffloadMode.FullSpeed ? ExtendRun(source, piece) : 1;
                Interlocked.Increment(ref _inFlight);
                tasks.Add(FetchAsync(source, piece, count, cancellationToken));
            }
        }
        finally
        {
            if (skipped is not null)
            {
                foreach (var piece in skipped)
                {
                    _host.Claims.ReleaseClaim(piece, this);
                }
            }
        }
    }

    /// <summary>Claims the pieces after <paramref name="first"/> that the seed may serve, up to <see cref="MaxRunBytes"/>; returns the run's piece count.</summary>
    private int ExtendRun(int source, int first)
    {
        var limit = Math.Max(1, MaxRunBytes / _torrent.PieceLength);
        var count = 1;
        while (count < limit && first + count < _torrent.PieceCount)
        {
            var next = first + count;
            if (!_sources[source].CanServe((long)next * _torrent.PieceLength, _torrent.GetPieceSize(next)) || !_host.Claims.TryClaimPieceAt(this, next))
            {
                break;
            }

            count++;
        }

        return count;
    }

    private bool AnyAwake()
    {
        var now = _time.GetTimestamp();
        for (var i = 0; i < _sources.Count; i++)
        {
            if (Volatile.Read(ref _restingUntil[i]) <= now)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next seed, round robin, that is not resting and may serve the range; -1 when none.</summary>
    private int AwakeSourceFor(long offset, int size)
    {
        var now = _time.GetTimestamp();
        for (var i = 0; i < _sources.Count; i++)
        {
            var index = (_nextSource + i) % _sources.Count;
            if (Volatile.Read(ref _restingUntil[index]) <= now && _sources[index].CanServe(offset, size))
            {
                _nextSource = index + 1;
                return index;
            }
        }

        return -1;
    }

    /// <summary>Tells <see cref="Exhausted"/> when no seed is left for the range: each is bad for it or has failed too often.</summary>
    private void ReportIfExhausted(long offset, int size)
    {
        if (Exhausted is not { } exhausted)
        {
            return;
        }

        string? reasons = null;
        for (var i = 0; i < _sources.Count; i++)
        {
            var bad = _sources[i].DescribeBad(offset, size);
            if (bad is null && Volatile.Read(ref _failures[i]) < MaxConsecutiveFailures)
            {
                return;
            }

            var reason = bad ?? Volatile.Read(ref _lastErrors[i]) ?? _sources[i].Url;
            reasons = reasons is null ? reason : reasons + "; " + reason;
        }

        exhausted($"every web seed failed: {reasons}");
    }

    /// <summary>Fetches pieces <paramref name="first"/> .. first + count - 1 with one range; delivers those that verify, gives the rest back.</summary>
    private async Task FetchAsync(int index, int first, int count, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var source = _sources[index];
        var offset = (long)first * _torrent.PieceLength;
        var last = first + count - 1;
        var length = (int)(((long)last * _torrent.PieceLength) + _torrent.GetPieceSize(last) - offset);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var delivered = 0;
        try
        {
            var result = await source.FetchAsync(offset, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            string? failure = null;
            if (result.IsSuccess)
            {
                var position = 0;
                for (var piece = first; piece <= last; piece++)
                {
                    var size = _torrent.GetPieceSize(piece);
                    if (WebSeedPieceVerifier.Verify(_torrent, piece, buffer.AsSpan(position, size)))
                    {
                        await _host.DeliverAsync(piece, buffer.AsMemory(position, size), this, cancellationToken).ConfigureAwait(false);
                        Volatile.Write(ref _failures[index], 0);
                    }
                    else
                    {
                        source.MarkBad(offset + position, size);
                        failure ??= $"{source.Url} sent data for piece {piece} that failed the piece hash";
                        _host.Claims.ReleaseClaim(piece, this);
                    }

                    delivered++;
                    position += size;
                }
            }
            else
            {
                failure = result.Message is { } message && message.Contains(source.Url, StringComparison.Ordinal) ? message : $"{source.Url}: {result.Message ?? result.Status.ToString()}";
                if (result.RetryAfter is { } rest && rest > TimeSpan.Zero)
                {
                    Volatile.Write(ref _restingUntil[index], _time.GetTimestamp() + (long)(rest.TotalSeconds * _time.TimestampFrequency));
                    if (rest >= GiveUpRest)
                    {
                        Volatile.Write(ref _failures[index], MaxConsecutiveFailures - 1);
                    }
                }
            }

            if (failure is not null && !cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _lastErrors[index], failure);
                Interlocked.Increment(ref _failures[index]);
                ReportIfExhausted(offset, length);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);

            // Pieces not handed over (failed fetch, stopping) go back to the picker; handed-over ones were released
            // (bad data) or delivered already.
            for (var piece = first + delivered; piece <= last; piece++)
            {
                _host.Claims.ReleaseClaim(piece, this);
            }

            Interlocked.Decrement(ref _inFlight);
            TaskCompletionSource changed;
            lock (_gate)
            {
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
    }
}
