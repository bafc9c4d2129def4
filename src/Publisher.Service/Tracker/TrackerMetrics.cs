using System.Diagnostics.Metrics;

namespace Publisher.Service.Tracker;

/// <summary>Tracker counters on the <c>Publisher.Tracker</c> meter (tagged by transport: http or udp).</summary>
internal sealed class TrackerMetrics
{
    public const string MeterName = "Publisher.Tracker";

    private static readonly KeyValuePair<string, object?> Http = new("transport", "http");
    private static readonly KeyValuePair<string, object?> Udp = new("transport", "udp");

    private readonly Counter<long> _announces;
    private readonly Counter<long> _scrapes;
    private readonly Counter<long> _failures;

    public TrackerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _announces = meter.CreateCounter<long>("publisher.tracker.announces", "{announce}", "Announces answered with peers.");
        _scrapes = meter.CreateCounter<long>("publisher.tracker.scrapes", "{scrape}", "Scrapes answered.");
        _failures = meter.CreateCounter<long>("publisher.tracker.failures", "{request}", "Requests refused with a failure reason or error packet.");
    }

    public void Announce(bool udp) => _announces.Add(1, udp ? Udp : Http);

    public void Scrape(bool udp) => _scrapes.Add(1, udp ? Udp : Http);

    public void Failure(bool udp) => _failures.Add(1, udp ? Udp : Http);
}
