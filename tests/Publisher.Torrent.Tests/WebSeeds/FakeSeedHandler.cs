using System.Net;
using System.Net.Http.Headers;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>
/// An in-memory web seed: serves files by URL path (as sent, percent-encoded) with Range support, after an optional
/// per-request script (<see cref="Script"/>) that may answer instead (a 503, an exception, a hang).
/// </summary>
internal sealed class FakeSeedHandler : HttpMessageHandler
{
    private readonly Dictionary<string, byte[]> _files;
    private int _requests;

    public FakeSeedHandler(Dictionary<string, byte[]> files)
    {
        _files = files;
    }

    /// <summary>Called with the 1-based request number; a non-null answer replaces the normal one.</summary>
    public Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage?>>? Script { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public List<string> Paths { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        lock (Paths)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
        }

        if (Script is { } script && await script(number, request, cancellationToken) is { } scripted)
        {
            return scripted;
        }

        if (!_files.TryGetValue(request.RequestUri!.AbsolutePath, out var data))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        if (request.Headers.Range is not { } range)
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) };
        }

        var item = Assert.Single(range.Ranges);
        var from = item.From!.Value;
        var to = Math.Min(item.To!.Value, data.Length - 1);
        var content = new ByteArrayContent(data, (int)from, (int)(to - from + 1));
        content.Headers.ContentRange = new ContentRangeHeaderValue(from, to, data.Length);
        return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
    }
}
