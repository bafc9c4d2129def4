using System.Buffers;
using System.Runtime.ExceptionServices;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// One web-seed-only download: a queue of runs (whole consecutive pieces) worked by
/// twice <see cref="WebSeedOptions.ConnectionsPerSeed"/> workers per seed. A worker takes the first queued run its seed
/// may serve, fetches it into a pooled buffer, verifies each piece and writes the good ones; pieces that fail go
/// back to the queue one by one (the seed is then bad for their files), runs that fail go back with a strike for
/// that seed. A worker stops when nothing queued is left for its seed and nothing is in flight; the download fails
/// when every worker has stopped and runs remain.
/// </summary>
internal sealed partial class WebSeedDownload
{
    private readonly TorrentInfo _torrent;
    private readonly List<WebSeedSource> _sources;
    private readonly WebSeedFileWriter _writer;
    private readonly WebSeedOptions _options;
    private readonly TimeProvider _time;
    private readonly IProgress<WebSeedDownloadProgress>? _progress;
    private readonly Lock _gate = new();
    private readonly List<WebSeedRun> _queue = [];
    private readonly List<WebSeedRun> _active = [];
    private readonly int[] _pieceDone;
    private readonly CancellationTokenSource _done = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _piecesVerified;
    private long _bytesVerified;

    /// <summary>Plans the runs: every piece, or only <paramref name="needed"/> (ascending) when resuming.</summary>
    /// <param name="torrent">The torrent.</param>
    /// <param name="sources">One source per web seed.</param>
    /// <param name="writer">Where verified pieces go.</param>
    /// <param name="options">Connections, run size, failure limits.</param>
    /// <param name="time">The clock for pauses.</param>
    /// <param name="progress">Receives progress, or null.</param>
    /// <param name="needed">Pieces to fetch (ascending), or null for all of them.</param>
    public WebSeedDownload(TorrentInfo torrent, List<WebSeedSource> sources, WebSeedFileWriter writer, WebSeedOptions options, TimeProvider time, IProgress<WebSeedDownloadProgress>? progress, IReadOnlyList<int>? needed = null)
    {
        _torrent = torrent;
        _sources = sources;
        _writer = writer;
        _options = options;
        _time = time;
        _progress = progress;
        _pieceDone = new int[torrent.PieceCount];
        var perRun = WebSeedRangePlanner.PiecesPerRun(torrent, 2 * options.ConnectionsPerSeed * sources.Count, options.MaxRequestBytes);
        if (needed is null)
        {
            for (var first = 0; first < torrent.PieceCount; first += perRun)
            {
                _queue.Add(new WebSeedRun(first, Math.Min(perRun, torrent.PieceCount - first), sources.Count));
            }

            return;
        }

        // Consecutive needed pieces form runs of at most perRun pieces.
        for (var i = 0; i < needed.Count;)
        {
            var first = needed[i];
            var count = 1;
            while (i + count < needed.Count && count < perRun && needed[i + count] == first + count)
            {
                count++;
            }

            _queue.Add(new WebSeedRun(first, count, sources.Count));
            i += count;
        }
    }

    public int PiecesVerified => Volatile.Read(ref _piecesVerified);

    /// <summary>Runs every worker to the end; null when every piece is written, else the reason.</summary>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new List<Task>();
        // Twice as many workers as connections: while one verifies and writes a run, another keeps the connection busy
        // (the seed's own limit still bounds requests in flight).
        for (var seed = 0; seed < _sources.Count; seed++)
        {
            for (var worker = 0; worker < 2 * _options.ConnectionsPerSeed; worker++)
            {
                workers.Add(WorkAsync(seed, stop));
            }
        }

        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            _done.Dispose();
        }

        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                return null;
            }

            var run = _queue[0];
            var offset = (long)run.FirstPiece * _torrent.PieceLength;
            var reason = run.LastError;
            for (var i = 0; reason is null && i < _sources.Count; i++)
            {
                reason = _sources[i].DescribeBad(offset, RunLength(run));
            }

            var firstFile = _torrent.Files[WebSeedRangePlanner.FileAt(_torrent.Files, offset)];
            return $"{_queue.Count} part(s) of '{_torrent.Name}' could not be downloaded from any web seed; the first, pieces {run.FirstPiece}-{run.FirstPiece + run.PieceCount - 1} in '{firstFile.PathString}', failed: {reason ?? "no seed could serve it"}";
        }
    }

    private async Task WorkAsync(int seed, CancellationTokenSource stop)
    {
        await Task.Yield();
        var source = _sources[seed];
        using var receiver = WebSeedPieceHasher.CanHash(_torrent) ? new RunReceiver(this) : null;
        try
        {
            while (true)
            {
                var (run, wait) = Take(seed, source);
                if (run is null)
                {
                    if (wait is null)
                    {
                        return;
                    }

                    await wait.WaitAsync(stop.Token).ConfigureAwait(false);
                    continue;
                }

                var retryAfter = await FetchRunAsync(seed, source, run, receiver, stop.Token).ConfigureAwait(false);
                if (retryAfter is { } delay && delay > TimeSpan.Zero)
                {
                    await PauseAsync(delay, stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits <paramref name="delay"/> (a seed's Retry-After or open circuit), or less when the download ends meanwhile.</summary>
    private async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _done.Token);
        try
        {
            await Task.Delay(delay, _time, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The download finished (or failed) while this seed was resting.
        }
    }

    private int RunLength(WebSeedRun run)
    {
        var last = run.FirstPiece + run.PieceCount - 1;
        return (int)(((long)last * _torrent.PieceLength) + _torrent.GetPieceSize(last) - ((long)run.FirstPiece * _torrent.PieceLength));
    }

    /// <summary>
    /// Fetches, verifies and writes one run; returns how long this worker should pause (an open circuit, a Retry-After).
    /// With v1 hashes, <paramref name="receiver"/> hashes and writes each piece as its last byte arrives; otherwise
    /// (v2-only) the pieces are verified when the fetch ends and written in as few writes as possible.
    /// </summary>
    private async Task<TimeSpan?> FetchRunAsync(int seed, WebSeedSource source, WebSeedRun run, RunReceiver? receiver, CancellationToken cancellationToken)
    {
        var length = RunLength(run);
        var offset = (long)run.FirstPiece * _torrent.PieceLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var done = false;
        List<WebSeedRun>? failedPieces = null;
        CancellationToken runToken;
        lock (_gate)
        {
            runToken = run.Cancel!.Token;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runToken);
        try
        {
            receiver?.Begin(run.FirstPiece, run.PieceCount, buffer);
            WebSeedFetchResult result;
            try
            {
                result = await source.FetchAsync(offset, buffer.AsMemory(0, length), receiver, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another seed finished this run first.
                return null;
            }
            catch (WebSeedWriteException failed) when (failed.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(failed.InnerException);
                throw;
            }

            if (!result.IsSuccess)
            {
                run.Failures[seed]++;
                run.LastError = result.Message;
                return result.Status == WebSeedFetchStatus.Unavailable ? result.RetryAfter ?? _options.BreakDuration : result.RetryAfter;
            }

            var judged = receiver is not null && receiver.PiecesJudged == run.PieceCount;
            var position = 0;
            var stretch = -1;
            var stretchPieces = 0;
            for (var piece = run.FirstPiece; piece < run.FirstPiece + run.PieceCount; piece++)
            {
                var index = piece - run.FirstPiece;
                var size = _torrent.GetPieceSize(piece);
                var mine = false;
                if ((receiver is not null && receiver.Wrote(index)) || Volatile.Read(ref _pieceDone[piece]) != 0)
                {
                    // Written as it arrived, or by the other holder of this run.
                }
                else if (judged ? receiver!.IsGood(index) : WebSeedPieceVerifier.Verify(_torrent, piece, buffer.AsSpan(position, size)))
                {
                    mine = Interlocked.Exchange(ref _pieceDone[piece], 1) == 0;
                }
                else
                {
                    source.MarkBad(offset + position, size);
                    var retry = new WebSeedRun(piece, 1, _sources.Count) { LastError = $"{source.Url} sent data for piece {piece} that failed the piece hash" };
                    Array.Copy(run.Failures, retry.Failures, retry.Failures.Length);
                    retry.Failures[seed] = _options.MaxFailuresPerRun;
                    (failedPieces ??= []).Add(retry);
                }

                if (mine)
                {
                    stretch = stretch < 0 ? position : stretch;
                    stretchPieces++;
                }
                else if (stretch >= 0)
                {
                    await WriteStretchAsync(offset, buffer, stretch, position, stretchPieces, cancellationToken).ConfigureAwait(false);
                    stretch = -1;
                    stretchPieces = 0;
                }

                position += size;
            }

            if (stretch >= 0)
            {
                await WriteStretchAsync(offset, buffer, stretch, position, stretchPieces, cancellationToken).ConfigureAwait(false);
            }

            done = failedPieces is null;
            _progress?.Report(new WebSeedDownloadProgress(Interlocked.Read(ref _bytesVerified), _torrent.TotalSize, SumReceived()));
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Finish(seed, run, done, failedPieces);
        }
    }

    /// <summary>Writes buffer bytes <paramref name="from"/> to <paramref name="to"/> of a run at <paramref name="runOffset"/>, <paramref name="pieces"/> whole verified pieces.</summary>
    private async Task WriteStretchAsync(long runOffset, byte[] buffer, int from, int to, int pieces, CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(runOffset + from, buffer.AsMemory(from, to - from), cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _piecesVerified, pieces);
        Interlocked.Add(ref _bytesVerified, to - from);
    }

    /// <summary>Counts one piece of <paramref name="size"/> bytes verified and written.</summary>
    private void CountVerified(int size)
    {
        Interlocked.Increment(ref _piecesVerified);
        Interlocked.Add(ref _bytesVerified, size);
    }

    private long SumReceived()
    {
        long sum = 0;
        foreach (var source in _sources)
        {
            sum += source.BytesReceived;
        }

        return sum;
    }
}
