using System.Buffers;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// The web seeds of one torrent as a source in the engine. About once per <c>decisionInterval</c>, and whenever a
/// request ends, it asks the <see cref="IOffloadPolicy"/> what the origin should do, claims that many whole pieces from
/// the picker (pieces no peer has, or the rarest when topping up), fetches each from a seed that may serve it, verifies
/// it and hands it to the host. A piece whose data fails the hash makes that seed bad for its files and goes back to
/// the picker; a seed that asks to be left alone (Retry-After, open circuit) rests that long.
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
    }

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
        if (decision.Mode.ToClaimPolicy() is not { } claimPolicy)
        {
            return;
        }

        while (InFlight < decision.MaxConcurrentRequests)
        {
            if (!_host.Claims.TryClaimPiece(this, claimPolicy, out var piece))
            {
                return;
            }

            var source = AwakeSourceFor((long)piece * _torrent.PieceLength, _torrent.GetPieceSize(piece));
            if (source < 0)
            {
                // Every seed is resting or bad for this piece's files: leave it to peers (or a later round).
                _host.Claims.ReleaseClaim(piece, this);
                return;
            }

            Interlocked.Increment(ref _inFlight);
            tasks.Add(FetchAsync(source, piece, cancellationToken));
        }
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

    private async Task FetchAsync(int index, int piece, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var source = _sources[index];
        var offset = (long)piece * _torrent.PieceLength;
        var size = _torrent.GetPieceSize(piece);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var delivered = false;
        try
        {
            var result = await source.FetchAsync(offset, buffer.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                if (WebSeedPieceVerifier.Verify(_torrent, piece, buffer.AsSpan(0, size)))
                {
                    await _host.DeliverAsync(piece, buffer.AsMemory(0, size), this, cancellationToken).ConfigureAwait(false);
                    delivered = true;
                }
                else
                {
                    source.MarkBad(offset, size);
                }
            }
            else if (result.RetryAfter is { } rest && rest > TimeSpan.Zero)
            {
                Volatile.Write(ref _restingUntil[index], _time.GetTimestamp() + (long)(rest.TotalSeconds * _time.TimestampFrequency));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!delivered)
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
