using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;

namespace Publisher.Service.Savings;

/// <summary>
/// Sums bandwidth counters in memory and writes them to the catalogue in one transaction per flush
/// (<see cref="SavingsFlushService"/> flushes periodically and at shutdown), so the web seed can count every
/// range it serves without a database write per request. A crash loses at most one flush interval of counts.
/// </summary>
internal sealed partial class SavingsRecorder
{
    private readonly ICatalogRepository _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<SavingsRecorder> _logger;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly Lock _gate = new();
    private Dictionary<(long ReleaseId, long Day, CatalogCounter Counter), long> _pending = [];
    private Action[] _collectors = [];

    public SavingsRecorder(ICatalogRepository catalog, TimeProvider time, ILogger<SavingsRecorder> logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    /// <summary>Adds <paramref name="amount"/> to a release's counter for today (UTC).</summary>
    public void Add(long releaseId, CatalogCounter counter, long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (amount == 0)
        {
            return;
        }

        var key = (releaseId, CounterIncrement.DayOf(_time.GetUtcNow()), counter);
        lock (_gate)
        {
            _pending[key] = checked(_pending.GetValueOrDefault(key) + amount);
        }
    }

    /// <summary>Adds a callback that adds its counts just before each flush (the seed's upload totals).</summary>
    public void AddCollector(Action collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        lock (_gate)
        {
            _collectors = [.. _collectors, collect];
        }
    }

    /// <summary>Removes a callback added by <see cref="AddCollector"/>.</summary>
    public void RemoveCollector(Action collect)
    {
        lock (_gate)
        {
            _collectors = [.. _collectors.Where(c => c != collect)];
        }
    }

    /// <summary>Writes everything counted so far; on failure the counts are kept for the next attempt.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var collect in Volatile.Read(ref _collectors))
            {
                collect();
            }

            Dictionary<(long ReleaseId, long Day, CatalogCounter Counter), long> taken;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                taken = _pending;
                _pending = [];
            }

            var increments = new List<CounterIncrement>(taken.Count);
            foreach (var ((releaseId, day, counter), amount) in taken)
            {
                increments.Add(new CounterIncrement(releaseId, day, counter, amount));
            }

            try
            {
                await _catalog.AddCountersAsync(increments, cancellationToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException or OperationCanceledException)
            {
                lock (_gate)
                {
                    foreach (var increment in increments)
                    {
                        var key = (increment.ReleaseId, increment.Day, increment.Counter);
                        _pending[key] = _pending.GetValueOrDefault(key) + increment.Amount;
                    }
                }

                Log.FlushFailed(_logger, increments.Count, exception);
                throw;
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.SavingsFlushFailed, Level = LogLevel.Warning,
            Message = "Could not write {Count} savings counters to the catalogue; they are kept for the next flush")]
        public static partial void FlushFailed(ILogger logger, int count, Exception exception);
    }
}
