namespace Publisher.Torrent.WebSeeds;

/// <summary>How a web seed request ended.</summary>
internal enum WebSeedFetchStatus
{
    /// <summary>Every byte arrived, exactly as asked.</summary>
    Success,

    /// <summary>A failure worth retrying (503, 5xx, reset, short body, timeout); after retries, the request failed for now.</summary>
    Transient,

    /// <summary>The seed answered wrongly for the file (404, wrong Content-Range or length, 200 for a partial request): the seed is bad for that file.</summary>
    Rejected,

    /// <summary>The seed's circuit breaker is open: no request was sent; try again after <see cref="WebSeedFetchResult.RetryAfter"/>.</summary>
    Unavailable,

    /// <summary>The seed is already known bad for a file in the range: no request was sent.</summary>
    BadFile,
}
