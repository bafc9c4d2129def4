using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Publisher.Torrent.Trackers;

/// <summary>HTTP(S) tracker client: builds the URL, reads a bounded reply, parses it into a result value.</summary>
internal sealed class HttpTrackerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TrackerClientOptions _options;

    public HttpTrackerClient(TrackerClientOptions options)
    {
        _options = options;
        if (options.HttpClient is not null)
        {
            _http = options.HttpClient;
        }
        else
        {
            var handler = options.HttpMessageHandler ?? new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = options.HttpTimeout,
            };
            _http = new HttpClient(handler, disposeHandler: options.HttpMessageHandler is null) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttp = true;
        }
    }

    public async ValueTask<AnnounceResult> AnnounceAsync(Uri tracker, AnnounceRequest request, CancellationToken cancellationToken)
    {
        var url = HttpTrackerUrl.BuildAnnounce(tracker, request);
        var reply = await GetAsync(url, cancellationToken);
        try
        {
            if (reply.Failure != TrackerFailure.None)
            {
                return AnnounceResult.Failed(reply.Failure, reply.Reason!);
            }

            var result = HttpTrackerResponse.ParseAnnounce(reply.Body);
            if (reply.StatusCode != HttpStatusCode.OK && result.Failure != TrackerFailure.Rejected)
            {
                // A non-200 reply counts only when it carries a bencoded failure reason.
                return AnnounceResult.Failed(TrackerFailure.Unreachable, $"HTTP {(int)reply.StatusCode} {reply.StatusCode} from {tracker.GetLeftPart(UriPartial.Path)}.");
            }

            return result;
        }
        finally
        {
            reply.Return();
        }
    }

    public async ValueTask<ScrapeResult> ScrapeAsync(Uri tracker, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes, CancellationToken cancellationToken)
    {
        if (!HttpTrackerUrl.TryGetScrapeUrl(tracker, out var scrape))
        {
            return ScrapeResult.Failed(TrackerFailure.NotScrapable, $"'{tracker.GetLeftPart(UriPartial.Path)}' does not end in /announce, so it has no scrape URL (BEP 48).");
        }

        var reply = await GetAsync(HttpTrackerUrl.BuildScrape(scrape, infoHashes), cancellationToken);
        try
        {
            if (reply.Failure != TrackerFailure.None)
            {
                return ScrapeResult.Failed(reply.Failure, reply.Reason!);
            }

            var result = HttpTrackerResponse.ParseScrape(reply.Body, infoHashes);
            if (reply.StatusCode != HttpStatusCode.OK && result.Failure != TrackerFailure.Rejected)
            {
                return ScrapeResult.Failed(TrackerFailure.Unreachable, $"HTTP {(int)reply.StatusCode} {reply.StatusCode} from {scrape.GetLeftPart(UriPartial.Path)}.");
            }

            return result;
        }
        finally
        {
            reply.Return();
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>GETs <paramref name="url"/> and reads at most <see cref="ProtocolLimits.MaxTrackerResponseBytes"/> into a pooled buffer.</summary>
    private async ValueTask<HttpReply> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.HttpTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[]? buffer = null;
        try
        {
            using var response = await SendAsync(url, linked.Token);
            if (response.Content.Headers.ContentLength > ProtocolLimits.MaxTrackerResponseBytes)
            {
                return HttpReply.Failed(TrackerFailure.ResponseTooLarge, $"The tracker reply of {response.Content.Headers.ContentLength} bytes is larger than {ProtocolLimits.MaxTrackerResponseBytes}.");
            }

            buffer = ArrayPool<byte>.Shared.Rent(ProtocolLimits.MaxTrackerResponseBytes + 1);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), linked.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > ProtocolLimits.MaxTrackerResponseBytes)
            {
                return HttpReply.Failed(TrackerFailure.ResponseTooLarge, $"The tracker reply is larger than {ProtocolLimits.MaxTrackerResponseBytes} bytes.");
            }

            var reply = new HttpReply(TrackerFailure.None, null, response.StatusCode, buffer, length);
            buffer = null;
            return reply;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpReply.Failed(TrackerFailure.Timeout, $"No reply from {url.GetLeftPart(UriPartial.Path)} within {_options.HttpTimeout}.");
        }
        catch (HttpRequestException exception)
        {
            return HttpReply.Failed(TrackerFailure.Unreachable, $"{url.GetLeftPart(UriPartial.Path)}: {exception.HttpRequestError}: {exception.Message}");
        }
        catch (IOException exception)
        {
            return HttpReply.Failed(TrackerFailure.Unreachable, $"{url.GetLeftPart(UriPartial.Path)}: {exception.Message}");
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Sends the GET, once more when the first attempt failed below HTTP (not on name resolution): trackers such as
    /// opentracker close the connection after every reply without saying <c>Connection: close</c>, so a pooled
    /// connection can be dead when it is reused. A repeated announce is harmless to a tracker.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
            try
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException exception) when (attempt == 0 && exception.HttpRequestError != HttpRequestError.NameResolutionError)
            {
                // Try again on a fresh connection.
            }
        }
    }

    /// <summary>A reply body in a pooled buffer (returned by <see cref="Return"/>), or a failure.</summary>
    private readonly record struct HttpReply(TrackerFailure Failure, string? Reason, HttpStatusCode StatusCode, byte[]? Buffer, int Length)
    {
        public ReadOnlySpan<byte> Body => Buffer.AsSpan(0, Length);

        public static HttpReply Failed(TrackerFailure failure, string reason) => new(failure, reason, 0, null, 0);

        public void Return()
        {
            if (Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }
}
