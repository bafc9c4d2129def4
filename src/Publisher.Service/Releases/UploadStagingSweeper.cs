using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Publisher.Storage;

namespace Publisher.Service.Releases;

/// <summary>
/// Removes staged uploads whose release was never registered (the client died or gave up) once they are older than
/// <see cref="UploadStaging.Lifetime"/>: their files, local uploads' proof files, and in the local store staging
/// folders left without files (see <see cref="UploadStaging.SweepAsync"/>), at start-up and then every hour. Age, not "everything at start-up", because
/// several service instances may share one blob store and another may be receiving an upload right now.
/// </summary>
internal sealed partial class UploadStagingSweeper : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private readonly IBlobStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<UploadStagingSweeper> _logger;

    public UploadStagingSweeper(IBlobStore store, TimeProvider time, ILogger<UploadStagingSweeper> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>One sweep: deletes staged files, proof files and folders older than the lifetime; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var removed = await UploadStaging.SweepAsync(_store, _time.GetUtcNow() - UploadStaging.Lifetime, cancellationToken);
            if (removed != 0)
            {
                Log.Swept(_logger, removed);
            }

            return removed;
        }
        catch (Exception exception) when (exception is IOException or BlobStoreException or UnauthorizedAccessException)
        {
            Log.SweepFailed(_logger, exception);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SweepOnceAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepOnceAsync(stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.UploadStagingSwept, Level = LogLevel.Information,
            Message = "Removed {Count} staged upload files and folders whose release was never registered")]
        public static partial void Swept(ILogger logger, int count);

        [LoggerMessage(EventId = ServiceEventIds.UploadStagingSweepFailed, Level = LogLevel.Warning,
            Message = "Could not sweep staged uploads; the next sweep tries again")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
