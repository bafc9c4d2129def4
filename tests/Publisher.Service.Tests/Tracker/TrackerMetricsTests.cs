using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class TrackerMetricsTests
{
    [Fact]
    public async Task Announce_AndFailure_AreCountedAndPeersObserved()
    {
        var token = TestContext.Current.CancellationToken;
        await using var server = await TrackerTestServer.StartAsync(token);
        var meter = server.GetService<TrackerMetrics>();
        var values = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this server's meter: other tests' servers run in the same process.
            if (instrument.Meter.Name == TrackerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, server.Services.GetService(typeof(IMeterFactory))))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => values.AddOrUpdate(instrument.Name, value, (_, old) => instrument is ObservableGauge<long> ? value : old + value));
        listener.Start();

        await TrackerHttpTests.GetAsync(server.Client, TrackerQuery.Announce(61, 9501));
        await TrackerHttpTests.GetAsync(server.Client, TrackerQuery.Announce(61, 9502));
        await TrackerHttpTests.GetAsync(server.Client, "/announce?port=1");
        listener.RecordObservableInstruments();

        Assert.NotNull(meter);
        Assert.Equal(2, values["publisher.tracker.announces"]);
        Assert.Equal(1, values["publisher.tracker.failures"]);
        Assert.Equal(2, values["publisher.tracker.peers"]);
        Assert.Equal(1, values["publisher.tracker.swarms"]);
    }
}
