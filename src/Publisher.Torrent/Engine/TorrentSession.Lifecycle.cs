using System.Buffers;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Publisher.Torrent.Trackers;

namespace Publisher.Torrent.Engine;

/// <content>Start (check data, resume), stop (flush, save resume), pause, and the one-second tick.</content>
internal sealed partial class TorrentSession
{
    private long _lastResumeSave;
    private long _lastChoke;
    private long _lastOptimistic;
    private long _ticks;

    /// <summary>Known peers that are not connected are dialled again every this many one-second ticks.</summary>
    private const int ReconnectTicks = 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state == TorrentState.Paused)
            {
                SetState(Picker.IsComplete ? TorrentState.Seeding : TorrentState.Downloading);
                SignalAllPeers();
                StartWebSeeds();
                return;
            }

            if (_state != TorrentState.Stopped && _state != TorrentState.Error)
            {
                return;
            }

            Error = null;
            if (_completed.Task.IsCompleted && !_completed.Task.IsCompletedSuccessfully)
            {
                _completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            SetState(TorrentState.Checking);
            await Task.Run(() => CheckExistingData(cancellationToken), cancellationToken).ConfigureAwait(false);
            _files = new FileHandleCache(Layout, SaveDirectory);
            try
            {
                _files.Preallocate();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                Fail(error);
                return;
            }

            _writer = new PieceWriter(Layout, _files, this);
            _run = new CancellationTokenSource();
            var now = Time.GetTimestamp();
            _lastResumeSave = now;
            _lastChoke = now;
            _lastOptimistic = now;
            var complete = Picker.IsComplete;
            SetState(complete ? TorrentState.Seeding : TorrentState.Downloading);
            if (complete)
            {
                _completed.TrySetResult();
            }

            foreach (var peer in Options.InitialPeers)
            {
                lock (_gate)
                {
                    _known.Add(peer);
                }
            }

            StartTracker();
            _tickTask = TickLoopAsync(_run.Token);
            ConnectToKnownPeers();
            StartWebSeeds();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        if (_state is TorrentState.Downloading or TorrentState.Seeding)
        {
            SetState(TorrentState.Paused);
            lock (_gate)
            {
                foreach (var peer in _peers)
                {
                    peer.SetUnchoke(false);
                }
            }

            await StopWebSeedsAsync().ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_run is null)
            {
                return;
            }

            await _run.CancelAsync().ConfigureAwait(false);
            await StopWebSeedsAsync().ConfigureAwait(false);
            Task[] tasks;
            lock (_gate)
            {
                foreach (var peer in _peers)
                {
                    peer.Connection.Close(Wire.PeerCloseReason.Local, message: "torrent stopped");
                }

                tasks = [.. _peerTasks];
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            if (_tickTask is not null)
            {
                await _tickTask.ConfigureAwait(false);
            }

            await StopTrackerAsync(cancellationToken).ConfigureAwait(false);
            if (_writer is not null)
            {
                await _writer.DrainAsync(CancellationToken.None).ConfigureAwait(false);
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }

            SaveResume();
            _files?.Dispose();
            _files = null;
            _run.Dispose();
            _run = null;
            if (_state != TorrentState.Error)
            {
                SetState(TorrentState.Stopped);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Marks what is on disk: pieces the resume file records as verified are trusted (a trusted seed trusts
    /// everything); every other piece whose bytes are all on disk is hashed, so bytes written before a crash but not
    /// yet recorded are found again, and nothing unverified is ever offered.
    /// </summary>
    private void CheckExistingData(CancellationToken cancellationToken)
    {
        var recorded = new Bitfield(Layout.PieceCount);
        if (Options.TrustedSeed)
        {
            recorded.SetAll();
        }
        else
        {
            ResumeData.TryLoad(ResumePath, WireInfoHash, recorded);
        }

        byte[]? buffer = null;
        try
        {
            using var reader = new PieceReader(Layout, SaveDirectory);
            using var checker = new PieceHashChecker(Layout);
            for (var piece = 0; piece < Layout.PieceCount; piece++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Picker.Have[piece])
                {
                    continue;
                }

                // A piece whose files are missing is not read (a fresh download rents no piece buffer at all).
                if (FilesPresent(piece) && (recorded[piece] || Hashes(piece, reader, checker, ref buffer)))
                {
                    MarkVerified(piece);
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private bool Hashes(int piece, PieceReader reader, PieceHashChecker checker, ref byte[]? buffer)
    {
        buffer ??= ArrayPool<byte>.Shared.Rent(Layout.PieceLength);
        var data = buffer.AsSpan(0, Layout.PieceSize(piece));
        return reader.Read((long)piece * Layout.PieceLength, data) && checker.Check(piece, data);
    }

    /// <summary>A recorded piece is trusted only while its files still exist with their full length.</summary>
    private bool FilesPresent(int piece)
    {
        var (first, last) = Layout.FilesInPiece(piece);
        for (var file = first; file <= last; file++)
        {
            var entry = Layout.Files[file];
            if (entry.IsPadding || entry.Length == 0)
            {
                continue;
            }

            var info = new FileInfo(Metainfo.TorrentFilePaths.GetFullPath(SaveDirectory, entry.Path));
            if (!info.Exists || info.Length != entry.Length)
            {
                return false;
            }
        }

        return true;
    }

    private void MarkVerified(int piece)
    {
        Picker.PieceVerified(piece);
        Interlocked.Increment(ref _verifiedPieces);
        Interlocked.Add(ref _verifiedBytes, Layout.PieceSize(piece));
    }

    private void SaveResume()
    {
        lock (_gate)
        {
            _resumeDirty = false;
        }

        var have = new Bitfield(Layout.PieceCount);
        Picker.CopyHave(have);
        try
        {
            _files?.Flush();
            ResumeData.Save(ResumePath, WireInfoHash, have);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The data is still verified on the next start; only the shortcut is lost.
        }
    }

    private void Fail(Exception error)
    {
        Error = error;
        SetState(TorrentState.Error);
        _completed.TrySetException(error);
        _run?.Cancel();
    }

    private async Task TickLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Time.GetTimestamp();
                if (Time.GetElapsedTime(_lastChoke, now) >= Engine.Options.ChokeInterval)
                {
                    _lastChoke = now;
                    var optimistic = Time.GetElapsedTime(_lastOptimistic, now) >= Engine.Options.OptimisticUnchokeInterval;
                    if (optimistic)
                    {
                        _lastOptimistic = now;
                    }

                    Rechoke(optimistic);
                }

                bool dirty;
                lock (_gate)
                {
                    dirty = _resumeDirty;
                }

                if (dirty && Time.GetElapsedTime(_lastResumeSave, now) >= Engine.Options.ResumeSaveInterval)
                {
                    _lastResumeSave = now;
                    SaveResume();
                }

                if (++_ticks % ReconnectTicks == 0)
                {
                    PruneFinishedPeerTasks();
                    ConnectToKnownPeers();
                }

                SignalAllPeers();
                CheckWebSeedsAlone();
                RaiseProgress();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void PruneFinishedPeerTasks()
    {
        lock (_gate)
        {
            _peerTasks.RemoveAll(static task => task.IsCompleted);
        }
    }

    private void SignalAllPeers()
    {
        lock (_gate)
        {
            foreach (var peer in _peers)
            {
                UpdateInterest(peer);
                peer.Signal();
            }
        }
    }

    private void StartTracker()
    {
        if (!Options.UseTrackers || Torrent.Trackers.Count == 0)
        {
            return;
        }

        var tiers = TrackerTiers.FromTorrent(Torrent.Trackers);
        if (tiers.Count == 0)
        {
            return;
        }

        _tracker = new TrackerSession(
            tiers,
            Engine.TrackerClient,
            new TrackerSessionOptions { InfoHash = WireInfoHash, PeerId = Engine.PeerId, Port = Engine.LocalEndPoint.Port, TimeProvider = Time },
            () => new AnnounceProgress(Interlocked.Read(ref _uploaded), Interlocked.Read(ref _downloadedFromPeers), Layout.TotalLength - Interlocked.Read(ref _verifiedBytes)));
        _tracker.PeersReceived += (_, e) =>
        {
            foreach (var peer in e.Peers)
            {
                AddPeer(peer.EndPoint);
            }
        };
        _trackerTask = _tracker.RunAsync(_run!.Token);
    }

    private async Task StopTrackerAsync(CancellationToken cancellationToken)
    {
        if (_tracker is null)
        {
            return;
        }

        if (_trackerTask is not null)
        {
            await _trackerTask.ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await _tracker.StopAsync(linked.Token).ConfigureAwait(false);
        _tracker.Dispose();
        _tracker = null;
        _trackerTask = null;
    }
}
