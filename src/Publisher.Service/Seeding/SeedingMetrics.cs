using System.Diagnostics.Metrics;

namespace Publisher.Service.Seeding;

/// <summary>
/// The seed's instruments (meter <c>Publisher.Service.Seeding</c>, exported on <c>/metrics</c>): payload bytes the
/// service's own seed uploaded to peers, and how many releases it seeds. Both are read from the engine when
/// observed, so a scrape is always current.
/// </summary>
internal sealed class SeedingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Publisher.Service.Seeding";

    private readonly Lock _gate = new();
    private Func<(long Uploaded, int Releases)>? _source;

    public SeedingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("publisher.seed.uploaded.bytes", () => Read().Uploaded, unit: "By",
            description: "Payload bytes the service's own seed uploaded to peers (peer bytes, not origin bytes).");
        meter.CreateObservableGauge("publisher.seed.releases", () => Read().Releases, unit: "{release}",
            description: "Releases the service's own seed is seeding now.");
    }

    /// <summary>Where the figures come from (the running seed); null when it stops.</summary>
    public void SetSource(Func<(long Uploaded, int Releases)>? source)
    {
        lock (_gate)
        {
            _source = source;
        }
    }

    private (long Uploaded, int Releases) Read()
    {
        Func<(long Uploaded, int Releases)>? source;
        lock (_gate)
        {
            source = _source;
        }

        return source?.Invoke() ?? (0, 0);
    }
}
