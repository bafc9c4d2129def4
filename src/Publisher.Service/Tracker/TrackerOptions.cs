namespace Publisher.Service.Tracker;

/// <summary>
/// Settings of the tracker, bound from the configuration section <c>Publisher:Tracker</c> and validated at start.
/// </summary>
public sealed class TrackerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Publisher:Tracker";

    /// <summary>Which announces are accepted. Default <see cref="TrackerAccessMode.Registered"/>; a release can override it through <see cref="ITorrentRegistry"/>.</summary>
    public TrackerAccessMode Access { get; set; } = TrackerAccessMode.Registered;

    /// <summary>UDP tracker (BEP 15) port; 0 turns the UDP tracker off. Default 6969.</summary>
    public int UdpPort { get; set; } = 6969;

    /// <summary>The address the UDP tracker binds to. Default <c>127.0.0.1</c>; use <c>0.0.0.0</c> or <c>::</c> to serve the network.</summary>
    public string UdpAddress { get; set; } = "127.0.0.1";

    /// <summary>Re-announce interval sent to clients (before jitter). Default 30 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Up to this much is added at random to each interval so clients spread out. Default 3 minutes.</summary>
    public TimeSpan IntervalJitter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The minimum re-announce interval sent to clients. Default 5 minutes.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A peer that has not announced for this long is forgotten. Default 45 minutes (must exceed <see cref="Interval"/> plus jitter).</summary>
    public TimeSpan PeerTimeout { get; set; } = TimeSpan.FromMinutes(45);

    /// <summary>How often expired peers are swept. Default 1 minute.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An empty swarm's counters are kept this long after its last announce. Default 1 day.</summary>
    public TimeSpan SwarmRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Peers returned when the client does not say how many it wants. Default 50.</summary>
    public int NumWantDefault { get; set; } = 50;

    /// <summary>Most peers returned in one answer; larger requests are capped to it. Default 200.</summary>
    public int NumWantMax { get; set; } = 200;

    /// <summary>Most swarms kept in memory; announces that would create more are refused. Default 1,000,000.</summary>
    public int MaxSwarms { get; set; } = 1_000_000;

    /// <summary>Most peers kept in one swarm; new peers beyond it are answered but not stored. Default 100,000.</summary>
    public int MaxPeersPerSwarm { get; set; } = 100_000;

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c> header is believed. Empty by default: the peer's
    /// address always comes from the socket.
    /// </summary>
    public IList<string> TrustedProxies { get; } = new List<string>();

    /// <summary>
    /// Base64 HMAC-SHA256 key (at least 32 bytes) that signs download tokens. Required when <see cref="Access"/> is
    /// <see cref="TrackerAccessMode.Entitled"/>; when absent otherwise, a key is generated for this process only.
    /// </summary>
    public string? TokenSigningKey { get; set; }
}
