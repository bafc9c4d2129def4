using System.Globalization;
using System.Net;

namespace Publisher.Storage.Azure;

public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The returned stream is the Get Blob response body (<c>x-ms-range</c>); the request is retried until the
    /// headers arrive, a failure while reading the body is the caller's to handle (e.g. by reading again from
    /// where it stopped).
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

        var range = length is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"bytes={offset}-{offset + count - 1}")
            : string.Create(CultureInfo.InvariantCulture, $"bytes={offset}-");
        var request = new BlobRequest(HttpMethod.Get, uri)
        {
            Headers = [new("x-ms-range", range)],
            Completion = HttpCompletionOption.ResponseHeadersRead,
        };
        var response = await SendAsync(request, cancellationToken);
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
                    return await response.Content.ReadAsStreamAsync(cancellationToken);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
