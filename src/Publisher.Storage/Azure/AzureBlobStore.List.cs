using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Publisher.Storage.Azure;

public sealed partial class AzureBlobStore
{
    /// <summary>Entries asked for per List Blobs page (tests lower it to exercise marker paging).</summary>
    internal int ListPageSize { get; init; } = StorageLimits.ListPageSize;

    /// <inheritdoc />
    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        string? marker = null;
        do
        {
            var uri = new StringBuilder(_containerUri.Length + prefix.Length + 96);
            uri.Append(_containerUri).Append("?restype=container&comp=list&maxresults=").Append(ListPageSize);
            if (prefix.Length > 0)
            {
                uri.Append("&prefix=").Append(Uri.EscapeDataString(prefix));
            }

            if (marker is not null)
            {
                uri.Append("&marker=").Append(Uri.EscapeDataString(marker));
            }

            XDocument page;
            using (var response = await SendAsync(new BlobRequest(HttpMethod.Get, uri.ToString()) { Completion = HttpCompletionOption.ResponseHeadersRead }, cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    yield break; // no container yet: nothing stored
                }

                await EnsureSuccessAsync(response, "List Blobs", cancellationToken);
                page = await ReadListPageAsync(response, cancellationToken);
            }

            var root = page.Root ?? throw new BlobStoreException("Azure Blob Storage List Blobs answered with an empty XML document.");
            foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                yield return ParseListedBlob(blob);
            }

            marker = root.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    private static async Task<XDocument> ReadListPageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > StorageLimits.MaxListResponseBytes)
        {
            throw new BlobStoreException($"Azure Blob Storage List Blobs answered with more than {StorageLimits.MaxListResponseBytes} bytes.");
        }

        using var body = new MemoryStream();
        await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > StorageLimits.MaxListResponseBytes)
                {
                    throw new BlobStoreException($"Azure Blob Storage List Blobs answered with more than {StorageLimits.MaxListResponseBytes} bytes.");
                }

                body.Write(buffer, 0, read);
            }
        }

        body.Position = 0;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = false };
        try
        {
            using var reader = XmlReader.Create(body, settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new BlobStoreException("Azure Blob Storage List Blobs answered with malformed XML.", e);
        }
    }

    private BlobProperties ParseListedBlob(XElement blob)
    {
        var name = blob.Element("Name")?.Value ?? throw new BlobStoreException("Azure Blob Storage List Blobs gave a blob without a Name.");
        var properties = blob.Element("Properties");
        var lengthText = properties?.Element("Content-Length")?.Value;
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new BlobStoreException($"Azure Blob Storage List Blobs gave the blob '{name}' an invalid Content-Length.");
        }

        var etag = properties?.Element("Etag")?.Value ?? string.Empty;
        if (etag.Length > 0 && etag[0] != '"')
        {
            etag = $"\"{etag}\"";
        }

        var modified = DateTimeOffset.TryParse(properties?.Element("Last-Modified")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : _timeProvider.GetUtcNow();
        var contentType = properties?.Element("Content-Type")?.Value;
        return new BlobProperties(name, length, etag, modified, string.IsNullOrEmpty(contentType) ? DefaultContentType : contentType);
    }
}
