using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker;

/// <summary>Runs <see cref="ISwarmStore.SweepAsync"/> every <see cref="TrackerOptions.SweepInterval"/> (on the injected clock).</summary>
internal sealed partial class SwarmSweepService : BackgroundService
{
    private readonly ISwarmStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<SwarmSweepService> _logger;

    public SwarmSweepService(ISwarmStore store, TimeProvider timeProvider, IOptions<TrackerOptions> options, ILogger<SwarmSweepService> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _interval = options.Value.SweepInterval;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var removed = await _store.SweepAsync(stoppingToken);
                Log.Swept(_logger, removed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
