namespace Publisher.Torrent.Engine;

/// <summary>
/// A token bucket rate limiter on an injected clock: capacity one second of the rate; 0 means unlimited, and then
/// every call returns at once without touching the clock. Thread-safe.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _rate;
    private double _tokens;
    private long _last;

    public TokenBucket(long bytesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        _time = time;
        _rate = bytesPerSecond;
        _tokens = bytesPerSecond;
        _last = time.GetTimestamp();
    }

    /// <summary>Bytes per second; 0 is unlimited.</summary>
    public long Rate
    {
        get => Volatile.Read(ref _rate);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate)
            {
                _rate = value;
                _tokens = Math.Min(_tokens, value);
            }
        }
    }

    /// <summary>True when the bucket is unlimited or holds tokens now (a download may be requested).</summary>
    public bool HasTokens
    {
        get
        {
            if (Volatile.Read(ref _rate) == 0)
            {
                return true;
            }

            lock (_gate)
            {
                Refill();
                return _tokens > 0;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> now, going into debt if needed (downloads: the bytes already arrived).</summary>
    public void Consume(int bytes)
    {
        if (Volatile.Read(ref _rate) == 0)
        {
            return;
        }

        lock (_gate)
        {
            Refill();
            _tokens -= bytes;
        }
    }

    /// <summary>How long to wait before <paramref name="bytes"/> may be sent; takes them when the answer is zero.</summary>
    public TimeSpan TryTake(int bytes)
    {
        if (Volatile.Read(ref _rate) == 0)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            Refill();
            if (_tokens >= Math.Min(bytes, _rate))
            {
                _tokens -= bytes;
                return TimeSpan.Zero;
            }

            var missing = Math.Min(bytes, _rate) - _tokens;
            return TimeSpan.FromSeconds(Math.Max(missing / _rate, 0.001));
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> may be sent and takes them.</summary>
    public async ValueTask WaitAsync(int bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryTake(bytes);
            if (wait == TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        _tokens = Math.Min(_rate, _tokens + (elapsed * _rate));
    }
}
