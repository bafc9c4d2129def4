namespace Publisher.Service.Seeding;

/// <summary>
/// The service's own BitTorrent seed (configuration section <c>Publisher:Seeding</c>): one engine that seeds every
/// published, non-yanked release whose payload is in the local blob store, so clients get peer bytes from the
/// first minute. With an Azure blob store the service does not seed (its payload is not on this machine).
/// </summary>
public sealed class SeedingOptions
{
    /// <summary>Seed published releases (default true). False: no port is opened.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address the seed accepts peers on (default <c>0.0.0.0</c>, every IPv4 interface).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The TCP port the seed accepts peers on (default 6889, the top of the customary 6881-6889 range, so it does not
    /// collide with a client's 6881 on the same machine); 0 picks a free port. A port in use turns seeding off with a warning.
    /// </summary>
    public int Port { get; set; } = 6889;

    /// <summary>Upload limit over all seeded releases in bytes per second; 0 (the default) is unlimited.</summary>
    public long MaxUploadBytesPerSecond { get; set; }

    /// <summary>At most this many releases (the newest non-yanked ones) are seeded at once (default 100).</summary>
    public int MaxReleases { get; set; } = 100;

    /// <summary>
    /// How often the catalogue is read again for yanked releases and releases published by other instances
    /// (default 10 s). Releases published through this instance start seeding at once.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
