using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Catalog;

/// <summary>
/// Reloads the <see cref="ReleaseIndex"/> every <see cref="CatalogOptions.RefreshSeconds"/>, so releases published
/// through other instances sharing the database reach this instance's tracker. Time comes from <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class ReleaseIndexRefresher : BackgroundService
{
    private readonly ReleaseIndex _index;
    private readonly ICatalogRepository _catalog;
    private readonly IOptions<PublisherOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReleaseIndexRefresher> _logger;

    public ReleaseIndexRefresher(ReleaseIndex index, ICatalogRepository catalog, IOptions<PublisherOptions> options, TimeProvider time, ILogger<ReleaseIndexRefresher> logger)
    {
        _index = index;
        _catalog = catalog;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.Value.Catalog.RefreshSeconds), _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _index.ReloadAsync(_catalog, stoppingToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                // The database is unreachable for now: keep serving the index we have, try again next tick.
                Log.RefreshFailed(_logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.ReleaseIndexRefreshFailed, Level = LogLevel.Warning,
            Message = "Could not reload the release index from the catalogue; the tracker keeps the previous one")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}
