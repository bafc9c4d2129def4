using Microsoft.Extensions.Hosting;

namespace Publisher.Service.Savings;

/// <summary>Flushes <see cref="SavingsRecorder"/> every few seconds (on <see cref="TimeProvider"/>'s clock) and once more at shutdown.</summary>
internal sealed class SavingsFlushService : BackgroundService
{
    /// <summary>How often counts are written.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SavingsRecorder _recorder;
    private readonly TimeProvider _time;

    public SavingsFlushService(SavingsRecorder recorder, TimeProvider time)
    {
        _recorder = recorder;
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
                await _recorder.FlushAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException)
            {
                // Logged by the recorder; the counts wait for the next tick.
            }
        }
    }
}
