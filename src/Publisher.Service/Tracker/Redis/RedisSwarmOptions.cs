namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// <c>Publisher:Swarm</c>: which swarm store the tracker uses. With <see cref="Provider"/> = <c>Redis</c> the endpoint is
/// <c>ConnectionStrings:Redis</c> and every service instance pointing at it shares the same swarms.
/// </summary>
internal sealed class RedisSwarmOptions
{
    public const string SectionName = "Publisher:Swarm";

    /// <summary><c>Memory</c> (default) or <c>Redis</c>.</summary>
    public string Provider { get; set; } = "Memory";

    /// <summary>Prefix of every key the store writes.</summary>
    public string KeyPrefix { get; set; } = "pub:";

    /// <summary>TCP connections kept to Redis; commands are pipelined over them round-robin.</summary>
    public int Connections { get; set; } = 2;

    /// <summary>How long a connection attempt (connect, AUTH, SELECT) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one command may wait for its reply before the connection is dropped.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
