using System.Diagnostics.Metrics;

namespace Publisher.Service.Tracker;

/// <summary>
/// Tracker instruments on the <c>Publisher.Tracker</c> meter: announces, scrapes and failures (tagged by transport,
/// http or udp), and gauges of the swarms and peers held.
/// </summary>
internal sealed class TrackerMetrics
{
    public const string MeterName = "Publisher.Tracker";

    private static readonly KeyValuePair<string, object?> Http = new("transport", "http");
    private static readonly KeyValuePair<string, object?> Udp = new("transport", "udp");

    private readonly Counter<long> _announces;
    private readonly Counter<long> _scrapes;
    private readonly Counter<long> _failures;

    public TrackerMetrics(IMeterFactory meterFactory, ITrackerStatistics statistics)
    {
        var meter = meterFactory.Create(MeterName);
        _announces = meter.CreateCounter<long>("publisher.tracker.announces", "{announce}", "Announces answered with peers.");
        _scrapes = meter.CreateCounter<long>("publisher.tracker.scrapes", "{scrape}", "Scrapes answered.");
        _failures = meter.CreateCounter<long>("publisher.tracker.failures", "{request}", "Requests refused with a failure reason or error packet.");
        meter.CreateObservableGauge("publisher.tracker.swarms", () => Observe(statistics, peers: false), "{swarm}", "Swarms held by the swarm store.");
        meter.CreateObservableGauge("publisher.tracker.peers", () => Observe(statistics, peers: true), "{peer}", "Peers held by the swarm store.");
    }

    public void Announce(bool udp) => _announces.Add(1, udp ? Udp : Http);

    public void Scrape(bool udp) => _scrapes.Add(1, udp ? Udp : Http);

    public void Failure(bool udp) => _failures.Add(1, udp ? Udp : Http);

    /// <summary>Only a store that answers at once is observed: a collection callback must not wait on a network store.</summary>
    private static IEnumerable<Measurement<long>> Observe(ITrackerStatistics statistics, bool peers)
    {
        var totals = statistics.GetTotalsAsync(CancellationToken.None);
        if (!totals.IsCompletedSuccessfully)
        {
            return [];
        }

        return [new Measurement<long>(peers ? totals.Result.Peers : totals.Result.Swarms)];
    }
}
