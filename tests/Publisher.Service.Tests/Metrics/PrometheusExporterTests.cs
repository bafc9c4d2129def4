using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Metrics;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Metrics;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Render_InstrumentsOfEveryKind_WritesPrometheusText()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var _ = services;
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create("Publisher.Test");
        var bytes = meter.CreateCounter<long>("publisher.test.served", unit: "By", description: "Bytes served.");
        var duration = meter.CreateHistogram<double>("publisher.test.duration", unit: "s");
        var level = 7;
        meter.CreateObservableGauge("publisher.test.level", () => level);
        var ignored = new Meter("Other.Meter").CreateCounter<long>("other.counter");

        bytes.Add(100, new KeyValuePair<string, object?>("source", "web \"seed\""));
        bytes.Add(50, new KeyValuePair<string, object?>("source", "web \"seed\""));
        bytes.Add(5);
        duration.Record(0.5);
        duration.Record(1.5);
        ignored.Add(1);

        var text = exporter.Render();

        Assert.Contains("# HELP publisher_test_served_bytes_total Bytes served.\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE publisher_test_served_bytes_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_test_served_bytes_total{source=\"web \\\"seed\\\"\"} 150\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_test_served_bytes_total 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE publisher_test_duration_seconds summary\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_test_duration_seconds_sum 2\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_test_duration_seconds_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_test_level 7\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_counter", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterPublishAndTelemetry_ShowTheBytesBySource()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        var release = await Testing.Releases.PublishAsync(host, Testing.Releases.New("metrics", "1.0.0"));
        var report = $$"""{"infoHash":"{{release.InfoHashV1}}","bytesFromPeers":900,"bytesFromOrigin":100,"result":"completed"}""";
        using (var posted = await host.Client.PostAsync("/api/telemetry", new StringContent(report, Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        using var response = await host.Client.GetAsync("/metrics", ct);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("publisher_telemetry_bytes_total{source=\"peers\"} 900\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_telemetry_bytes_total{source=\"origin\"} 100\n", text, StringComparison.Ordinal);
        Assert.Contains("publisher_telemetry_reports_total{result=\"completed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Errors());
    }
}
