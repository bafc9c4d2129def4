using Microsoft.Extensions.Hosting;

namespace Publisher.Service.Savings;

/// <summary>
/// Every few seconds (on <see cref="TimeProvider"/>'s clock) collects the bytes peers announced to the tracker
/// (<see cref="AnnouncedBytesCollector"/>) and flushes <see cref="SavingsRecorder"/>; flushes once more at shutdown.
/// </summary>
internal sealed class SavingsFlushService : BackgroundService
{
    /// <summary>How often counts are written.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SavingsRecorder _recorder;
    private readonly AnnouncedBytesCollector _announced;
    private readonly TimeProvider _time;

    public SavingsFlushService(SavingsRecorder recorder, AnnouncedBytesCollector announced, TimeProvider time)
    {
        _recorder = recorder;
        _announced = announced;
        _time = time;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _recorder.FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _announced.CollectAsync(stoppingToken);
                await _recorder.FlushAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException)
            {
                // Logged by the recorder; the counts wait for the next tick.
            }
        }
    }
}
