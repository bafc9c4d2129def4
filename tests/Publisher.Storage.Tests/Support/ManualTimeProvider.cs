namespace Publisher.Storage.Tests.Support;

/// <summary>
/// A clock that moves only when <see cref="Advance"/> is called. Timers fire on advance; tests can wait
/// for a timer with a given due time to be created (e.g. the retry delay a Retry-After asked for).
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TimeSpan> _requestedDueTimes = [];
    private DateTimeOffset _now;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualTimeProvider(DateTimeOffset start)
    {
        _now = start;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Every due time a timer was created or changed with, in order.</summary>
    public IReadOnlyList<TimeSpan> RequestedDueTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _requestedDueTimes];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Waits until a timer with a due time matching <paramref name="match"/> is pending.</summary>
    public async Task WaitForTimerAsync(Func<TimeSpan, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.DueTime is { } due && match(due))
                    {
                        return;
                    }
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cts.Token);
        }
    }

    /// <summary>Moves the clock forward, firing every timer that comes due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due = [];
        lock (_gate)
        {
            _now += by;
            foreach (var timer in _timers)
            {
                if (timer.FireAt is { } at && at <= _now)
                {
                    due.Add(timer);
                }
            }

            foreach (var timer in due)
            {
                timer.FireAt = timer.Period is { } period && period > TimeSpan.Zero ? _now + period : null;
                if (timer.FireAt is null)
                {
                    _timers.Remove(timer);
                }
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.Period = period == Timeout.InfiniteTimeSpan ? null : period;
            timer.DueTime = dueTime == Timeout.InfiniteTimeSpan ? null : dueTime;
            timer.FireAt = timer.DueTime is { } d ? _now + d : null;
            if (timer.FireAt is not null)
            {
                _timers.Add(timer);
                _requestedDueTimes.Add(dueTime);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        if (dueTime == TimeSpan.Zero)
        {
            Advance(TimeSpan.Zero);
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan? DueTime { get; set; }

        public TimeSpan? Period { get; set; }

        public DateTimeOffset? FireAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
