using Publisher.Torrent.WebSeeds;

namespace Publisher.Torrent.Engine;

/// <summary>Settings of one torrent in a <see cref="TorrentEngine"/>.</summary>
public sealed record TorrentOptions
{
    /// <summary>
    /// The data below the save directory was just hashed by this process (the publisher created the torrent from it):
    /// seed it without reading it again. Default false: data on disk is checked before it is offered.
    /// </summary>
    public bool TrustedSeed { get; init; }

    /// <summary>Download limit of this torrent in bytes per second; 0 (the default) is unlimited.</summary>
    public long MaxDownloadBytesPerSecond { get; init; }

    /// <summary>Upload limit of this torrent in bytes per second; 0 (the default) is unlimited.</summary>
    public long MaxUploadBytesPerSecond { get; init; }

    /// <summary>Open connections of this torrent (default <see cref="ProtocolLimits.DefaultMaxConnectionsPerTorrent"/>).</summary>
    public int MaxConnections { get; init; } = ProtocolLimits.DefaultMaxConnectionsPerTorrent;

    /// <summary>
    /// One priority per entry of <see cref="Metainfo.TorrentInfo.Files"/> (pad files included, their value ignored);
    /// null (the default) wants every file. Skipped files are not downloaded except for pieces they share with a wanted
    /// file, and the torrent completes once every wanted piece is verified. Change later with
    /// <see cref="TorrentHandle.SetFilePriorities"/>.
    /// </summary>
    public IReadOnlyList<Pieces.FilePriority>? FilePriorities { get; init; }

    /// <summary>Pick pieces in index order instead of rarest-first, for streaming (default false); see <see cref="TorrentHandle.Sequential"/>.</summary>
    public bool Sequential { get; init; }

    /// <summary>Announce to the torrent's trackers (default true).</summary>
    public bool UseTrackers { get; init; } = true;

    /// <summary>
    /// Where the resume file is kept (default: <c>.publisher/&lt;info hash&gt;.resume</c> below the save directory).
    /// </summary>
    public string? ResumeFilePath { get; init; }

    /// <summary>Start transferring as soon as the torrent is added (default true); otherwise call <see cref="TorrentHandle.StartAsync"/>.</summary>
    public bool AutoStart { get; init; } = true;

    /// <summary>Peers to dial from the start (LAN peers, tests); more can be added with <see cref="TorrentHandle.AddPeer"/>.</summary>
    public IReadOnlyList<System.Net.IPEndPoint> InitialPeers { get; init; } = [];

    /// <summary>
    /// Download from the torrent's BEP 19 web seeds (its <c>url-list</c>) and <see cref="AdditionalWebSeeds"/> as the
    /// offload policy decides (default true). False: peers only.
    /// </summary>
    public bool UseWebSeeds { get; init; } = true;

    /// <summary>Web seed URLs (absolute http or https, BEP 19 layout) used besides the torrent's own <c>url-list</c>; default none.</summary>
    public IReadOnlyList<string> AdditionalWebSeeds { get; init; } = [];

    /// <summary>Connections per web seed, request size, timeouts, retries and circuit breaker of the web seeds.</summary>
    public WebSeedOptions WebSeeds { get; init; } = new();

    /// <summary>
    /// Settings of the default offload policy (<see cref="PeersFirstOffloadPolicy"/>): the peer rate below which the
    /// origin tops up, the origin byte budget, the most origin requests in flight. Ignored when
    /// <see cref="OffloadPolicy"/> is set.
    /// </summary>
    public PeersFirstOffloadOptions Offload { get; init; } = new();

    /// <summary>
    /// A custom offload policy deciding how much the web seeds serve, or null (the default) for a
    /// <see cref="PeersFirstOffloadPolicy"/> with <see cref="Offload"/>. Policies keep per-download state: give each
    /// torrent its own instance.
    /// </summary>
    public IOffloadPolicy? OffloadPolicy { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDownloadBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxUploadBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentNullException.ThrowIfNull(InitialPeers);
        ArgumentNullException.ThrowIfNull(AdditionalWebSeeds);
        ArgumentNullException.ThrowIfNull(WebSeeds);
        ArgumentNullException.ThrowIfNull(Offload);
        foreach (var url in AdditionalWebSeeds)
        {
            if (url is null || !WebSeedUrl.IsUsable(url, out _))
            {
                throw new ArgumentException($"The web seed '{url}' is not an absolute http or https URL.", nameof(AdditionalWebSeeds));
            }
        }

        WebSeeds.Validate();
        Offload.Validate();
    }
}
