namespace Publisher.Service.Tracker.Redis;

/// <summary>The Redis server sent bytes that are not valid RESP2 or exceed <see cref="RedisLimits"/>; the connection is dropped.</summary>
internal sealed class RedisProtocolException : Exception
{
    public RedisProtocolException(string message)
        : base(message)
    {
    }

    public RedisProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RedisProtocolException()
        : base("The Redis server sent a malformed reply.")
    {
    }
}
