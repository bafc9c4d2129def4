namespace Publisher.Torrent.WebSeeds;

/// <summary>The outcome of one web seed request (or of one range fetched as several requests).</summary>
/// <param name="Status">How it ended.</param>
/// <param name="FileIndex">The file that failed, or -1.</param>
/// <param name="Message">What went wrong (for logs and error reports), or null on success.</param>
/// <param name="RetryAfter">For 503/429 answers and an open circuit: how long the seed asked to be left alone.</param>
internal readonly record struct WebSeedFetchResult(WebSeedFetchStatus Status, int FileIndex, string? Message, TimeSpan? RetryAfter)
{
    public static WebSeedFetchResult Success { get; } = new(WebSeedFetchStatus.Success, -1, null, null);

    public bool IsSuccess => Status == WebSeedFetchStatus.Success;

    public static WebSeedFetchResult Transient(int file, string message, TimeSpan? retryAfter = null) => new(WebSeedFetchStatus.Transient, file, message, retryAfter);

    public static WebSeedFetchResult Rejected(int file, string message) => new(WebSeedFetchStatus.Rejected, file, message, null);
}
