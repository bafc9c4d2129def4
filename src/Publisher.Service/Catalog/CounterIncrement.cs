namespace Publisher.Service.Catalog;

/// <summary>An amount to add to one counter of one release on one day.</summary>
/// <param name="ReleaseId">The release, or 0 for traffic not tied to a known release.</param>
/// <param name="Day">Days since 1970-01-01 (UTC).</param>
/// <param name="Counter">Which counter.</param>
/// <param name="Amount">How much to add (non-negative).</param>
internal readonly record struct CounterIncrement(long ReleaseId, long Day, CatalogCounter Counter, long Amount)
{
    /// <summary>The day number of <paramref name="time"/> (UTC).</summary>
    public static long DayOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 86_400;
}
