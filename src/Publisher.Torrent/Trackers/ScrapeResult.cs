namespace Publisher.Torrent.Trackers;

/// <summary>The outcome of one scrape: an entry per info hash asked about (same order), or a failure.</summary>
public sealed class ScrapeResult
{
    private ScrapeResult()
    {
    }

    /// <summary>Why the scrape failed; <see cref="TrackerFailure.None"/> on success.</summary>
    public TrackerFailure Failure { get; private init; }

    /// <summary>True when the tracker answered.</summary>
    public bool IsSuccess => Failure == TrackerFailure.None;

    /// <summary>The tracker's failure text or a description of the local failure; null on success.</summary>
    public string? FailureReason { get; private init; }

    /// <summary>One entry per info hash in the request, in request order.</summary>
    public IReadOnlyList<ScrapeEntry> Entries { get; private init; } = [];

    /// <summary>Creates a successful result.</summary>
    /// <param name="entries">The entries, in request order.</param>
    public static ScrapeResult Success(IReadOnlyList<ScrapeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new ScrapeResult { Entries = entries };
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="failure">The kind of failure (not <see cref="TrackerFailure.None"/>).</param>
    /// <param name="reason">A human-readable reason.</param>
    public static ScrapeResult Failed(TrackerFailure failure, string reason)
    {
        if (failure == TrackerFailure.None)
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failed result needs a failure kind.");
        }

        ArgumentNullException.ThrowIfNull(reason);
        return new ScrapeResult { Failure = failure, FailureReason = reason };
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"{Entries.Count} entries" : $"{Failure}: {FailureReason}";
}
