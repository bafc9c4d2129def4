namespace Publisher.Torrent.WebSeeds;

/// <summary>How web seeds (BEP 19 url-list) are used. Defaults suit a CDN or a publisher's origin.</summary>
public sealed record WebSeedOptions
{
    /// <summary>Concurrent connections (and requests) per web seed; default 4, at most <see cref="ProtocolLimits.MaxWebSeedConnections"/>.</summary>
    public int ConnectionsPerSeed { get; init; } = 4;

    /// <summary>
    /// The most bytes one run of pieces covers (one Range request per file it touches; at least one piece); default
    /// 4 MiB, at most <see cref="ProtocolLimits.MaxWebSeedRequestBytes"/> (16 MiB).
    /// </summary>
    public int MaxRequestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long one HTTP attempt (headers and body) may take before it is abandoned and retried; default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one request after a transient failure (503, 5xx, reset, timeout, short body); default 3.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially with jitter. A Retry-After header overrides it. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest Retry-After waited for inside a request; a seed asking for longer gives the request back (other seeds
    /// take it) and is left alone for the time it asked. Default 5 s.
    /// </summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a seed's circuit stays open (no requests) after too many failures; default 30 s.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The failed fraction of attempts within <see cref="SamplingDuration"/> that opens the circuit; default 0.5.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDuration"/> before the circuit may open; default 6.</summary>
    public int MinimumThroughput { get; init; } = 6;

    /// <summary>The window the circuit breaker counts failures in; default 30 s.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed fetches (after retries) of one run of pieces a seed may have before it gives that run up to other
    /// seeds; when every seed has given a run up the download fails with a clear error. Default 3.
    /// </summary>
    public int MaxFailuresPerRun { get; init; } = 3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ConnectionsPerSeed, 1, nameof(ConnectionsPerSeed));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ConnectionsPerSeed, ProtocolLimits.MaxWebSeedConnections, nameof(ConnectionsPerSeed));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 16 * 1024, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestBytes, ProtocolLimits.MaxWebSeedRequestBytes, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AttemptTimeout, TimeSpan.Zero, nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts, nameof(MaxRetryAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInlineRetryAfter, TimeSpan.Zero, nameof(MaxInlineRetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakDuration, TimeSpan.FromMilliseconds(500), nameof(BreakDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FailureRatio, 0, nameof(FailureRatio));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FailureRatio, 1, nameof(FailureRatio));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumThroughput, 2, nameof(MinimumThroughput));
        ArgumentOutOfRangeException.ThrowIfLessThan(SamplingDuration, TimeSpan.FromMilliseconds(500), nameof(SamplingDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFailuresPerRun, 1, nameof(MaxFailuresPerRun));
    }
}
