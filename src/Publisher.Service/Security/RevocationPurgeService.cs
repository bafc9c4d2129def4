using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;

namespace Publisher.Service.Security;

/// <summary>
/// Once an hour (on <see cref="TimeProvider"/>'s clock, and once at start) forgets download-token revocations, by token
/// and by user, whose tokens have all expired: a revocation is only needed while the tokens it refuses could still be used.
/// </summary>
internal sealed partial class RevocationPurgeService : BackgroundService
{
    /// <summary>How often expired revocations are removed.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly ICatalogRepository _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<RevocationPurgeService> _logger;

    public RevocationPurgeService(ICatalogRepository catalog, TimeProvider time, ILogger<RevocationPurgeService> logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    /// <summary>Removes what has expired by now; returns how many revocations were forgotten.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = await _catalog.PurgeExpiredRevocationsAsync(_time.GetUtcNow(), cancellationToken);
        if (purged > 0)
        {
            Log.Purged(_logger, purged);
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException or InvalidOperationException
                && !stoppingToken.IsCancellationRequested)
            {
                // The catalogue is unreachable for now: revocations are kept a little longer, never lost.
                Log.PurgeFailed(_logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.RevocationsPurged, Level = LogLevel.Debug, Message = "Forgot {Count} expired download-token revocations")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = ServiceEventIds.RevocationPurgeFailed, Level = LogLevel.Warning,
            Message = "Could not remove expired download-token revocations from the catalogue; trying again in an hour")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
