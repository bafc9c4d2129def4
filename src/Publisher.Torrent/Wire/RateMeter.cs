namespace Publisher.Torrent.Wire;

/// <summary>
/// A transfer rate: bytes are added as they arrive, <see cref="Sample"/> is called once per tick and folds the bytes of
/// the elapsed interval into an exponentially weighted average with a one-second half-life. Thread-safe.
/// </summary>
internal sealed class RateMeter
{
    private long _pending;
    private long _total;
    private double _bytesPerSecond;
    private long _lastSample;

    public RateMeter(long timestamp)
    {
        _lastSample = timestamp;
    }

    /// <summary>Bytes counted since creation.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The smoothed rate in bytes per second.</summary>
    public double BytesPerSecond => Volatile.Read(ref _bytesPerSecond);

    public void Add(int bytes)
    {
        Interlocked.Add(ref _pending, bytes);
        Interlocked.Add(ref _total, bytes);
    }

    /// <summary>Folds the bytes since the previous sample into the average.</summary>
    public void Sample(long timestamp, TimeProvider time)
    {
        var elapsed = time.GetElapsedTime(_lastSample, timestamp).TotalSeconds;
        if (elapsed <= 0)
        {
            return;
        }

        _lastSample = timestamp;
        var bytes = Interlocked.Exchange(ref _pending, 0);
        var current = bytes / elapsed;
        var previous = Volatile.Read(ref _bytesPerSecond);

        // Half-life one second, weighted by the time covered, so a late or coalesced tick decays as much as the
        // ticks it replaces.
        var keep = Math.Pow(0.5, elapsed);
        Volatile.Write(ref _bytesPerSecond, previous == 0 ? current : (previous * keep) + (current * (1 - keep)));
    }
}
