namespace Publisher.Torrent.WebSeeds;

/// <content>Which worker fetches which run: the queue, the endgame, and what happens when a fetch ends.</content>
internal sealed partial class WebSeedDownload
{
    /// <summary>
    /// The first queued run this seed may serve; when nothing is queued (the endgame), a run another seed is still
    /// fetching. Otherwise null and a task that completes on the next change (null when this worker is done).
    /// </summary>
    private (WebSeedRun? Run, Task? Wait) Take(int seed, WebSeedSource source)
    {
        lock (_gate)
        {
            for (var i = 0; i < _queue.Count; i++)
            {
                var run = _queue[i];
                if (MayServe(seed, source, run))
                {
                    _queue.RemoveAt(i);
                    return (Hold(seed, run), null);
                }
            }

            if (_queue.Count == 0)
            {
                foreach (var run in _active)
                {
                    if (!run.Done && !run.HeldBy[seed] && MayServe(seed, source, run))
                    {
                        return (Hold(seed, run), null);
                    }
                }
            }

            return _inFlight == 0 ? (null, null) : (null, _changed.Task);
        }
    }

    private bool MayServe(int seed, WebSeedSource source, WebSeedRun run) =>
        run.Failures[seed] < _options.MaxFailuresPerRun && source.CanServe((long)run.FirstPiece * _torrent.PieceLength, RunLength(run));

    private WebSeedRun Hold(int seed, WebSeedRun run)
    {
        if (run.Holders == 0)
        {
            run.Cancel = new CancellationTokenSource();
            _active.Add(run);
        }

        run.HeldBy[seed] = true;
        run.Holders++;
        _inFlight++;
        return run;
    }

    /// <summary>
    /// Ends <paramref name="seed"/>'s fetch of <paramref name="run"/>: when the run is done its other holder is
    /// cancelled; when it failed and nobody else holds it, it goes back to the queue. Pieces that failed their hash go
    /// back one by one.
    /// </summary>
    private void Finish(int seed, WebSeedRun run, bool done, List<WebSeedRun>? failedPieces)
    {
        TaskCompletionSource changed;
        bool ended;
        CancellationTokenSource? cancel = null;
        lock (_gate)
        {
            _inFlight--;
            run.HeldBy[seed] = false;
            run.Holders--;
            if (done && !run.Done)
            {
                run.Done = true;
                if (run.Holders > 0)
                {
                    cancel = run.Cancel;
                }
            }

            if (run.Holders == 0)
            {
                _active.Remove(run);
                run.Cancel?.Dispose();
                run.Cancel = null;
                cancel = null;
                if (!run.Done && failedPieces is null)
                {
                    _queue.Add(run);
                }
            }

            if (failedPieces is not null)
            {
                foreach (var piece in failedPieces)
                {
                    if (Volatile.Read(ref _pieceDone[piece.FirstPiece]) == 0)
                    {
                        _queue.Add(piece);
                    }
                }
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ended = _queue.Count == 0 && _inFlight == 0;
        }

        try
        {
            cancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The other holder finished meanwhile and released the run.
        }

        changed.TrySetResult();
        if (ended)
        {
            _done.Cancel();
        }
    }
}
