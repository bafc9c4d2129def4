namespace Publisher.Service.Tracker.Redis;

/// <summary>Redis could not be reached, did not answer within the command timeout, or answered with an error.</summary>
internal sealed class RedisUnavailableException : Exception
{
    public RedisUnavailableException(string message)
        : base(message)
    {
    }

    public RedisUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RedisUnavailableException()
        : base("Redis is unavailable.")
    {
    }
}
