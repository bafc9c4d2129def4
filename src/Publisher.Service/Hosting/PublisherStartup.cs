using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;
using Publisher.Service.Metrics;
using Publisher.Service.Security;
using Publisher.Service.Signing;

namespace Publisher.Service.Hosting;

/// <summary>
/// Runs before the server accepts requests: creates the data directory, migrates the catalogue, loads (or
/// creates) the signing key and makes sure an admin API key exists. Any failure stops the host.
/// </summary>
internal sealed partial class PublisherStartup : IHostedService
{
    private readonly PublisherPaths _paths;
    private readonly ICatalogRepository _catalog;
    private readonly SigningKeyStore _signingKey;
    private readonly ApiKeyService _apiKeys;
    private readonly ReleaseIndex _index;
    private readonly ILogger<PublisherStartup> _logger;

    public PublisherStartup(
        PublisherPaths paths, ICatalogRepository catalog, SigningKeyStore signingKey, ApiKeyService apiKeys, ReleaseIndex index, PrometheusExporter exporter, ILogger<PublisherStartup> logger)
    {
        // Resolving the exporter starts its listener, so metrics are counted from start-up.
        ArgumentNullException.ThrowIfNull(exporter);
        _index = index;
        _paths = paths;
        _catalog = catalog;
        _signingKey = signingKey;
        _apiKeys = apiKeys;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _paths.EnsureDataDirectory();
        Log.DataDirectoryReady(_logger, _paths.DataDirectory);

        // Uploads staged by a process that died before publishing: never visible, now garbage.
        var staging = Path.Combine(_paths.DataDirectory, Releases.ReleaseEndpoints.StagingFolder);
        if (Directory.Exists(staging))
        {
            foreach (var leftover in Directory.GetDirectories(staging))
            {
                Releases.ReleaseEndpoints.DeleteStaging(leftover);
            }
        }
        var applied = await _catalog.MigrateAsync(cancellationToken);
        Log.CatalogMigrated(_logger, applied, CatalogMigrations.LatestVersion);
        _signingKey.EnsureLoaded();
        await _apiKeys.EnsureBootstrapKeyAsync(cancellationToken);
        await _index.ReloadAsync(_catalog, cancellationToken);
        Log.ReleaseIndexLoaded(_logger, _index.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.DataDirectoryReady, Level = LogLevel.Information, Message = "Data directory: {Path}")]
        public static partial void DataDirectoryReady(ILogger logger, string path);

        [LoggerMessage(EventId = ServiceEventIds.CatalogMigrated, Level = LogLevel.Information,
            Message = "Catalogue schema ready at version {Version} ({Applied} migrations applied now)")]
        public static partial void CatalogMigrated(ILogger logger, int applied, int version);

        [LoggerMessage(EventId = ServiceEventIds.ReleaseIndexLoaded, Level = LogLevel.Information, Message = "Release index loaded: {Count} info hashes")]
        public static partial void ReleaseIndexLoaded(ILogger logger, int count);
    }
}
