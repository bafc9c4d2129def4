using System.Net;
using System.Net.Http.Headers;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Decides whether an HTTP response carries exactly the bytes asked for, before any body byte is read: 206 with a
/// Content-Range equal to the request (and the file's length when the server states it), or 200 only when the whole
/// file was asked for; a Content-Length, when given, must equal the requested length. 503/429/5xx/408 are transient
/// (with Retry-After); 404, 410, 416 and any other answer make the seed bad for the file.
/// </summary>
internal static class WebSeedResponseCheck
{
    public static WebSeedFetchResult Check(HttpResponseMessage response, int file, long start, long length, long fileLength, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = response.StatusCode;
        if (status == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range is null || !range.HasRange || range.Unit != "bytes" || range.From != start || range.To != start + length - 1)
            {
                return WebSeedFetchResult.Rejected(file, $"206 with Content-Range '{range}' for bytes {start}-{start + length - 1}");
            }

            if (range.HasLength && range.Length != fileLength)
            {
                return WebSeedFetchResult.Rejected(file, $"the server says the file has {range.Length} bytes; the torrent says {fileLength}");
            }
        }
        else if (status == HttpStatusCode.OK)
        {
            if (start != 0 || length != fileLength)
            {
                return WebSeedFetchResult.Rejected(file, $"200 (whole file) for a partial request of bytes {start}-{start + length - 1}");
            }
        }
        else if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || ((int)status >= 500 && status != HttpStatusCode.NotImplemented))
        {
            return WebSeedFetchResult.Transient(file, $"HTTP {(int)status}", RetryAfter(response.Headers.RetryAfter, time));
        }
        else
        {
            return WebSeedFetchResult.Rejected(file, $"HTTP {(int)status} {response.ReasonPhrase}");
        }

        var contentLength = response.Content.Headers.ContentLength;
        if (contentLength is { } declared && declared != length)
        {
            return WebSeedFetchResult.Rejected(file, $"Content-Length {declared} for a request of {length} bytes");
        }

        return WebSeedFetchResult.Success;
    }

    /// <summary>The delay a Retry-After header asks for, clamped to <see cref="ProtocolLimits.MaxWebSeedRetryAfter"/>; null when absent.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time)
    {
        if (header is null)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : TimeSpan.Zero);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return delay > ProtocolLimits.MaxWebSeedRetryAfter ? ProtocolLimits.MaxWebSeedRetryAfter : delay;
    }
}
