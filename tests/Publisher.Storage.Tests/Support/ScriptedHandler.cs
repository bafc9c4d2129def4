using System.Collections.Concurrent;

namespace Publisher.Storage.Tests.Support;

/// <summary>An in-process HTTP server stand-in: answers each request with a scripted function and records it.</summary>
internal sealed class ScriptedHandler(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private int _count;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, body, headers);
        Requests.Enqueue(recorded);
        var index = Interlocked.Increment(ref _count) - 1;
        var response = await respond(recorded, index, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>What <see cref="ScriptedHandler"/> saw of one request.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, byte[] Body, IReadOnlyDictionary<string, string> Headers);
