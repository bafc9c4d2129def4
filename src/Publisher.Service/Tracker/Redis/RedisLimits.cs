namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// Bounds on what the Redis client accepts from the server, checked before anything is allocated for a reply.
/// A server (or anything impersonating one) that exceeds them gets the connection dropped with a <see cref="RedisProtocolException"/>.
/// </summary>
internal static class RedisLimits
{
    /// <summary>Longest bulk string accepted (the largest reply we ask for is a peer list: NumWantMax x 18 bytes).</summary>
    public const int MaxBulkBytes = 1 << 20;

    /// <summary>Most elements in one array reply (SSCAN pages, script results).</summary>
    public const int MaxArrayElements = 65_536;

    /// <summary>Deepest nesting of arrays accepted (our replies nest two levels at most).</summary>
    public const int MaxDepth = 4;

    /// <summary>Longest simple string, error or integer line, without its CRLF.</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>Most bytes one reply may occupy in the receive buffer.</summary>
    public const int MaxReplyBytes = 8 << 20;
}
