using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Publisher.Service.Metrics;

/// <summary>
/// Exports every <see cref="System.Diagnostics.Metrics"/> instrument of a meter named <c>Publisher*</c> in the
/// Prometheus text exposition format (0.0.4): counters as <c>_total</c>, gauges and up-down counters as gauges,
/// histograms as summaries with <c>_sum</c> and <c>_count</c>. Names are the instrument names with '.' as '_',
/// plus <c>_bytes</c>/<c>_seconds</c> for those units. Only meters of this host (created by its
/// <see cref="IMeterFactory"/>) or static ones are exported, so several hosts in one process do not mix.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var scope = instrument.Meter.Scope;
            if (instrument.Meter.Name.StartsWith("Publisher", StringComparison.Ordinal) && (scope is null || ReferenceEquals(scope, meterFactory)))
            {
                var series = new InstrumentSeries(instrument);
                _instruments[instrument] = series;
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Collects observable instruments and writes the whole exposition.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var output = new StringBuilder();
        var ordered = _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal);
        foreach (var series in ordered)
        {
            series.WriteTo(output);
        }

        return output.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private sealed class InstrumentSeries
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (double Value, double Sum, long Count)> _values = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string, string), string> _singleTagLabels = new();
        private readonly string? _description;
        private readonly Kind _kind;

        public InstrumentSeries(Instrument instrument)
        {
            _description = instrument.Description;
            var type = instrument.GetType();
            var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            _kind = generic == typeof(Counter<>) ? Kind.Counter
                : generic == typeof(ObservableCounter<>) ? Kind.ObservableCounter
                : generic == typeof(Histogram<>) ? Kind.Histogram
                : generic == typeof(UpDownCounter<>) ? Kind.UpDownCounter
                : Kind.Gauge;
            var name = Sanitize(instrument.Name);
            name += instrument.Unit switch
            {
                "By" when !name.EndsWith("_bytes", StringComparison.Ordinal) => "_bytes",
                "s" when !name.EndsWith("_seconds", StringComparison.Ordinal) => "_seconds",
                _ => string.Empty,
            };
            Name = _kind is Kind.Counter or Kind.ObservableCounter ? name + "_total" : name;
        }

        private enum Kind
        {
            Counter,
            ObservableCounter,
            UpDownCounter,
            Gauge,
            Histogram,
        }

        public string Name { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Measurements on hot paths (announces, web-seed ranges) mostly carry one string tag: reuse its label text.
            var labels = tags.Length switch
            {
                0 => string.Empty,
                1 when tags[0].Value is string tagValue => _singleTagLabels.TryGetValue((tags[0].Key, tagValue), out var cached)
                    ? cached
                    : _singleTagLabels.GetOrAdd((tags[0].Key, tagValue), Labels(tags)),
                _ => Labels(tags),
            };
            lock (_gate)
            {
                var current = _values.GetValueOrDefault(labels);
                _values[labels] = _kind switch
                {
                    Kind.Counter or Kind.UpDownCounter => (current.Value + value, 0, 0),
                    Kind.Histogram => (0, current.Sum + value, current.Count + 1),
                    _ => (value, 0, 0),
                };
            }
        }

        public void WriteTo(StringBuilder output)
        {
            lock (_gate)
            {
                if (_values.Count == 0)
                {
                    return;
                }

                // Text format 0.0.4: HELP and TYPE name the samples' metric (counters included, with their _total).
                var baseName = Name;
                if (!string.IsNullOrEmpty(_description))
                {
                    output.Append("# HELP ").Append(baseName).Append(' ').Append(_description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
                }

                var type = _kind switch
                {
                    Kind.Counter or Kind.ObservableCounter => "counter",
                    Kind.Histogram => "summary",
                    _ => "gauge",
                };
                output.Append("# TYPE ").Append(baseName).Append(' ').Append(type).Append('\n');
                foreach (var (labels, value) in _values.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    if (_kind == Kind.Histogram)
                    {
                        output.Append(Name).Append("_sum").Append(labels).Append(' ').Append(Format(value.Sum)).Append('\n');
                        output.Append(Name).Append("_count").Append(labels).Append(' ').Append(value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }
                    else
                    {
                        output.Append(Name).Append(labels).Append(' ').Append(Format(value.Value)).Append('\n');
                    }
                }
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var sorted = tags.ToArray();
            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var builder = new StringBuilder("{");
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i != 0)
                {
                    builder.Append(',');
                }

                var value = Convert.ToString(sorted[i].Value, CultureInfo.InvariantCulture) ?? string.Empty;
                builder.Append(Sanitize(sorted[i].Key)).Append("=\"")
                    .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                    .Append('"');
            }

            return builder.Append('}').ToString();
        }

        private static string Sanitize(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name)
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
            }

            if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            return builder.ToString();
        }

        private static string Format(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
