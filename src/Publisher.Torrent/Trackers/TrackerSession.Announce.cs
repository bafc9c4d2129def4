namespace Publisher.Torrent.Trackers;

public sealed partial class TrackerSession
{
    /// <summary>
    /// Makes one announce round now (BEP 12): tiers in order, trackers in tier order, the first that answers wins and
    /// moves to the front of its tier. A tracker still inside its min interval or failure back-off is not asked
    /// (for <see cref="TrackerEvent.Completed"/> and <see cref="TrackerEvent.Stopped"/> min intervals do not apply).
    /// Returns the winning result, or the last failure, or <see cref="TrackerFailure.NotDue"/>. Never throws except on cancellation.
    /// </summary>
    /// <param name="announceEvent">The event; <see cref="TrackerEvent.Started"/> is sent automatically to trackers not yet told.</param>
    /// <param name="cancellationToken">Cancels the round.</param>
    public async ValueTask<AnnounceResult> AnnounceAsync(TrackerEvent announceEvent, CancellationToken cancellationToken)
    {
        await _announceGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            AnnounceResult? last = null;
            var bypassIntervals = announceEvent is TrackerEvent.Completed or TrackerEvent.Stopped;
            for (var t = 0; t < _tiers.Count; t++)
            {
                TrackerState[] tier;
                lock (_gate)
                {
                    tier = [.. _tiers[t]];
                }

                foreach (var state in tier)
                {
                    bool working;
                    DateTimeOffset notBefore;
                    lock (_gate)
                    {
                        working = state.LastAnnounce is not null && state.ConsecutiveFailures == 0;
                        notBefore = state.NotBefore;
                    }

                    if (!bypassIntervals && notBefore > now)
                    {
                        if (working)
                        {
                            // The tracker that answers is inside its min interval: wait for it, do not ask others.
                            SetNextDue(notBefore);
                            return AnnounceResult.Failed(TrackerFailure.NotDue, $"{state.Url.GetLeftPart(UriPartial.Path)} may not be announced to before {notBefore:O} (min interval).");
                        }

                        continue;
                    }

                    var result = await AnnounceToAsync(state, announceEvent, cancellationToken);
                    if (result.IsSuccess)
                    {
                        lock (_gate)
                        {
                            var list = _tiers[t];
                            list.Remove(state);
                            list.Insert(0, state);
                        }

                        SetNextDue(_time.GetUtcNow() + result.Interval);
                        PeersReceived?.Invoke(this, new TrackerPeersEventArgs(state.Url, result.Peers));
                        return result;
                    }

                    last = result;
                }
            }

            SetNextDue(EarliestNotBefore(now));
            return last ?? AnnounceResult.Failed(TrackerFailure.NotDue, "No tracker is due: every tracker is backing off after failures, or there are none.");
        }
        finally
        {
            _announceGate.Release();
        }
    }

    /// <summary>Announces to one tracker and records the outcome in its state.</summary>
    private async ValueTask<AnnounceResult> AnnounceToAsync(TrackerState state, TrackerEvent announceEvent, CancellationToken cancellationToken)
    {
        string? trackerId;
        bool startedSent;
        lock (_gate)
        {
            trackerId = state.TrackerId;
            startedSent = state.StartedSent;
        }

        var sentEvent = announceEvent == TrackerEvent.None && !startedSent ? TrackerEvent.Started : announceEvent;
        var progress = _progress();
        var request = new AnnounceRequest
        {
            InfoHash = _options.InfoHash,
            PeerId = _options.PeerId,
            Port = _options.Port,
            Uploaded = progress.Uploaded,
            Downloaded = progress.Downloaded,
            Left = progress.Left,
            Event = sentEvent,
            NumWant = sentEvent == TrackerEvent.Stopped ? 0 : _options.NumWant,
            Key = _options.Key,
            TrackerId = trackerId,
        };

        AnnounceResult result;
        using var timeout = new CancellationTokenSource(_options.AnnounceTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            result = await _client.AnnounceAsync(state.Url, request, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = AnnounceResult.Failed(TrackerFailure.Timeout, $"No answer within {_options.AnnounceTimeout}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A client that breaks its contract must still not take the download down.
            result = AnnounceResult.Failed(TrackerFailure.Unreachable, $"{exception.GetType().Name}: {exception.Message}");
        }

        Record(state, sentEvent, result);
        return result;
    }

    private void Record(TrackerState state, TrackerEvent sentEvent, AnnounceResult result)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            state.LastAnnounce = now;
            if (result.IsSuccess)
            {
                state.StartedSent = sentEvent != TrackerEvent.Stopped;
                state.TrackerId = result.TrackerId ?? state.TrackerId;
                state.ConsecutiveFailures = 0;
                state.LastFailure = TrackerFailure.None;
                state.LastError = null;
                state.LastWarning = result.WarningMessage;
                state.Seeders = result.Seeders;
                state.Leechers = result.Leechers;
                state.LastPeerCount = result.Peers.Count;
                var min = result.MinInterval ?? ProtocolLimits.MinTrackerInterval;
                state.NotBefore = now + (min < result.Interval ? min : result.Interval);
                return;
            }

            state.ConsecutiveFailures++;
            state.LastFailure = result.Failure;
            state.LastError = result.FailureReason;
            var backoff = _options.FailureBackoff * Math.Pow(2, Math.Min(state.ConsecutiveFailures - 1, 20));
            if (backoff > _options.MaxFailureBackoff)
            {
                backoff = _options.MaxFailureBackoff;
            }

            if (result.MinInterval is { } minInterval && minInterval > backoff)
            {
                backoff = minInterval;
            }

            state.NotBefore = now + backoff;
        }
    }

    private DateTimeOffset EarliestNotBefore(DateTimeOffset now)
    {
        var earliest = DateTimeOffset.MaxValue;
        lock (_gate)
        {
            foreach (var tier in _tiers)
            {
                foreach (var state in tier)
                {
                    if (state.NotBefore < earliest)
                    {
                        earliest = state.NotBefore;
                    }
                }
            }
        }

        return earliest == DateTimeOffset.MaxValue || earliest < now ? now : earliest;
    }

    private void SetNextDue(DateTimeOffset due)
    {
        lock (_gate)
        {
            _nextDue = due;
        }
    }
}
