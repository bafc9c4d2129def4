using System.Diagnostics.Metrics;

namespace Publisher.Service.Metrics;

/// <summary>The service's own instruments (meter <c>Publisher.Service</c>); other areas have their own meters.</summary>
internal sealed class PublisherMetrics
{
    /// <summary>The meter's name; <see cref="PrometheusExporter"/> exports every meter whose name starts with "Publisher".</summary>
    public const string MeterName = "Publisher.Service";

    private readonly Counter<long> _releasesPublished;
    private readonly Counter<long> _telemetryBytes;
    private readonly Counter<long> _telemetryReports;

    public PublisherMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _releasesPublished = meter.CreateCounter<long>("publisher.releases.published", unit: "{release}", description: "Releases published.");
        _telemetryBytes = meter.CreateCounter<long>("publisher.telemetry.bytes", unit: "By", description: "Payload bytes clients reported receiving, by source (peers, origin).");
        _telemetryReports = meter.CreateCounter<long>("publisher.telemetry.reports", unit: "{report}", description: "Download reports received, by result.");
    }

    public void ReleasePublished() => _releasesPublished.Add(1);

    public void TelemetryReported(long bytesFromPeers, long bytesFromOrigin, string result)
    {
        _telemetryBytes.Add(bytesFromPeers, new KeyValuePair<string, object?>("source", "peers"));
        _telemetryBytes.Add(bytesFromOrigin, new KeyValuePair<string, object?>("source", "origin"));
        _telemetryReports.Add(1, new KeyValuePair<string, object?>("result", result));
    }
}
