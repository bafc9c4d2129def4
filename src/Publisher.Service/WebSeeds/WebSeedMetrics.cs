using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// The web seed's instruments on the meter <c>Publisher.Service.WebSeed</c>: payload bytes sent by the origin
/// (tagged by how: <c>file</c> from a local file, <c>stream</c> from a remote store, <c>redirect</c> for the requested
/// length of a range redirected to blob storage, <c>pad</c> for zero-filled pad files) and requests by status code.
/// </summary>
internal sealed class WebSeedMetrics
{
    public const string MeterName = "Publisher.Service.WebSeed";

    private readonly Counter<long> _originBytes;
    private readonly Counter<long> _requests;

    public WebSeedMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _originBytes = meter.CreateCounter<long>("publisher.webseed.origin_bytes", "By", "Bytes the web seed sent (or redirected) to clients.");
        _requests = meter.CreateCounter<long>("publisher.webseed.requests", "{request}", "Web-seed requests answered, by status code.");
    }

    public void OriginBytes(long bytes, string mode)
    {
        if (bytes > 0)
        {
            _originBytes.Add(bytes, new KeyValuePair<string, object?>("mode", mode));
        }
    }

    public void Request(int statusCode)
    {
        var tags = new TagList { { "http.response.status_code", statusCode } };
        _requests.Add(1, tags);
    }
}
