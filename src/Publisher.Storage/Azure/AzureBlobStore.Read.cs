using System.Globalization;
using System.Net;

namespace Publisher.Storage.Azure;

public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The returned stream is the Get Blob response body (<c>x-ms-range</c>). The request is retried until the
    /// headers arrive; when the connection fails while the body is read, the stream asks again from where it
    /// stopped (with <c>If-Match</c> on the ETag, so a blob replaced meanwhile fails the read instead of mixing
    /// versions), up to <see cref="AzureBlobStoreOptions.MaxRetryAttempts"/> times.
    /// </remarks>
    public async Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var uri = BlobUri(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
            if (l == 0)
            {
                return await ExistsAsync(key, cancellationToken) ? Stream.Null : null;
            }
        }

        var response = await SendAsync(RangeRequest(uri, offset, length is { } count ? offset + count : null, etag: null), cancellationToken);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    response.Dispose();
                    return null;
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    // The blob exists, but the range starts at or after its end.
                    response.Dispose();
                    return Stream.Null;
                default:
                    await EnsureSuccessAsync(response, "Get Blob", cancellationToken);
                    var end = RangeEnd(response, offset);
                    return await AzureReadStream.CreateAsync(response, offset, end, _options.MaxRetryAttempts, (from, to, etag, token) => ReopenAsync(uri, from, to, etag, token), cancellationToken);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static BlobRequest RangeRequest(string uri, long from, long? to, string? etag)
    {
        var range = to is { } end
            ? string.Create(CultureInfo.InvariantCulture, $"bytes={from}-{end - 1}")
            : string.Create(CultureInfo.InvariantCulture, $"bytes={from}-");
        return new BlobRequest(HttpMethod.Get, uri)
        {
            Headers = etag is null ? [new("x-ms-range", range)] : [new("x-ms-range", range), new("If-Match", etag)],
            Completion = HttpCompletionOption.ResponseHeadersRead,
        };
    }

    /// <summary>The end (exclusive) of the bytes a 200/206 Get Blob response carries.</summary>
    private static long RangeEnd(HttpResponseMessage response, long offset)
    {
        var headers = response.Content.Headers;
        if (headers.ContentRange is { HasRange: true, To: { } to })
        {
            return to + 1;
        }

        if (headers.ContentLength is { } length)
        {
            return offset + length;
        }

        throw new BlobStoreException("Azure Blob Storage Get Blob answered without Content-Range or Content-Length.");
    }

    private async Task<HttpResponseMessage> ReopenAsync(string uri, long from, long to, string? etag, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RangeRequest(uri, from, to, etag), cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw new BlobStoreException("The blob was replaced while it was being read.", response.StatusCode, "ConditionNotMet");
            }

            await EnsureSuccessAsync(response, "Get Blob (resumed)", cancellationToken);
            if (RangeEnd(response, from) != to)
            {
                throw new BlobStoreException("Azure Blob Storage answered a resumed read with a different range.");
            }

            Log.ReadResumed(_logger, uri, from);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
