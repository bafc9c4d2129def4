namespace Publisher.Service;

/// <summary>
/// The service's configuration, bound from the <c>Publisher</c> section (see DESIGN.md's configuration table).
/// Validated once at start-up: a bad value stops the host with a message naming the key.
/// </summary>
public sealed class PublisherOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Publisher";

    /// <summary>
    /// Where the SQLite catalogue, the local blob store and the signing key live. Relative paths are taken
    /// from the host's content root. Default <c>./data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// The absolute base URL written into torrents (tracker and web seed URLs) and feeds.
    /// Default: none, meaning the first address the server listens on.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// An admin API key accepted from the first start (CI, tests), at least 16 characters.
    /// Default: none, in which case a key is generated on the first start and printed to the log once.
    /// </summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>Where releases, API keys and counters are stored.</summary>
    public CatalogOptions Catalog { get; set; } = new();

    /// <summary>Limits applied to publishing requests.</summary>
    public ReleaseLimitsOptions Releases { get; set; } = new();

    /// <summary>The service's own seed of its releases (<c>Publisher:Seeding</c>).</summary>
    public Seeding.SeedingOptions Seeding { get; set; } = new();
}
