using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Publisher.Storage.Azure;

/// <summary>
/// Blobs in one Azure Blob Storage container, spoken to over the REST API (Shared Key or SAS authorization),
/// every request through a Polly pipeline (per-attempt timeout, jittered exponential retries on 408/429/5xx
/// and transport errors, honouring <c>Retry-After</c>). Large puts go as blocks uploaded in parallel.
/// Proven against Azurite.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore, IDisposable
{
    /// <summary>The REST API version sent as <c>x-ms-version</c> and used for SAS.</summary>
    public const string ServiceVersion = "2021-12-02";

    private const string DefaultContentType = "application/octet-stream";

    private readonly AzureBlobStoreOptions _options;
    private readonly AzureConnectionString _account;
    private readonly SharedKeySigner? _signer;
    private readonly HttpClient _httpClient;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _containerUri;
    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    /// <summary>
    /// Creates the store. <paramref name="handler"/> (not disposed by the store) replaces the default
    /// <see cref="SocketsHttpHandler"/>, e.g. to add proxies or fault injection.
    /// </summary>
    public AzureBlobStore(AzureBlobStoreOptions options, HttpMessageHandler? handler = null, ILogger<AzureBlobStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _account = AzureConnectionString.Parse(options.ConnectionString);
        _signer = _account.AccountKey is { } key ? new SharedKeySigner(_account.AccountName, key) : null;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _httpClient = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.None }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _httpClient.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's per-attempt timeout applies instead
        _pipeline = AzureResilience.Build(options, _timeProvider, _logger);
        _containerUri = $"{_account.BlobEndpoint.AbsoluteUri.TrimEnd('/')}/{options.Container}";
    }

    /// <inheritdoc />
    public BlobStoreKind Kind => BlobStoreKind.AzureBlob;

    /// <summary>The container's URL (without credentials).</summary>
    public Uri ContainerUri => new(_containerUri);

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string key, CancellationToken cancellationToken)
    {
        var uri = BlobUri(key);
        using var response = await SendAsync(new BlobRequest(HttpMethod.Head, uri), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "Get Blob Properties", cancellationToken);
        return PropertiesFrom(key, response, response.Content.Headers.ContentLength ?? 0);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
        => await GetPropertiesAsync(key, cancellationToken) is not null;

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var uri = BlobUri(key);
        using var response = await SendAsync(new BlobRequest(HttpMethod.Delete, uri), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "Delete Blob", cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
        => ValueTask.FromResult(CreateSasUri(key, "r", lifetime));

    /// <inheritdoc />
    public async ValueTask<Uri?> GetDirectUploadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var url = CreateSasUri(key, "cw", lifetime);
        if (url is not null)
        {
            // A blob SAS cannot create the container, and a store that has written nothing yet has not made it.
            await EnsureContainerAsync(cancellationToken);
        }

        return url;
    }

    /// <inheritdoc />
    public string? TryGetPhysicalPath(string key)
    {
        BlobKey.Validate(key);
        return null;
    }

    /// <summary>Disposes the HTTP client (and the default handler).</summary>
    public void Dispose()
    {
        _httpClient.Dispose();
        _containerGate.Dispose();
    }

    /// <summary>
    /// A service SAS query (without <c>?</c>) for the whole container, e.g. for a SAS-only connection string;
    /// null when the store has no account key.
    /// </summary>
    internal string? CreateContainerSas(string permissions, TimeSpan lifetime)
    {
        if (_account.AccountKey is not { } key)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        return ServiceSasBuilder.Build(_account.AccountName, key, _options.Container, null, permissions, now - _options.SasClockSkew, now + lifetime);
    }

    private Uri? CreateSasUri(string key, string permissions, TimeSpan lifetime)
    {
        var uri = BlobUri(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (_account.AccountKey is not { } accountKey)
        {
            return null; // SAS-only credentials cannot sign a narrower SAS.
        }

        var now = _timeProvider.GetUtcNow();
        var sas = ServiceSasBuilder.Build(_account.AccountName, accountKey, _options.Container, key, permissions, now - _options.SasClockSkew, now + lifetime);
        return new Uri($"{uri}?{sas}");
    }

    /// <summary>The blob's URL: each key component percent-encoded (UTF-8), '/' kept.</summary>
    private string BlobUri(string key)
    {
        BlobKey.Validate(key);
        var builder = new StringBuilder(_containerUri.Length + key.Length + 16);
        builder.Append(_containerUri).Append('/');
        AppendEscapedPath(builder, key);
        return builder.ToString();
    }

    private static void AppendEscapedPath(StringBuilder builder, string path)
    {
        var start = 0;
        while (true)
        {
            var slash = path.IndexOf('/', start);
            var end = slash < 0 ? path.Length : slash;
            builder.Append(Uri.EscapeDataString(path[start..end]));
            if (slash < 0)
            {
                return;
            }

            builder.Append('/');
            start = slash + 1;
        }
    }

    private BlobProperties PropertiesFrom(string key, HttpResponseMessage response, long length)
    {
        var etag = response.Headers.ETag?.ToString() ?? string.Empty;
        var modified = response.Content.Headers.LastModified ?? _timeProvider.GetUtcNow();
        var contentType = response.Content.Headers.ContentType?.ToString() ?? DefaultContentType;
        return new BlobProperties(key, length, etag, modified, contentType);
    }

    private Task<HttpResponseMessage> SendAsync(BlobRequest request, CancellationToken cancellationToken)
        => _pipeline.ExecuteAsync(
            static (state, token) => new ValueTask<HttpResponseMessage>(state.Store.SendOnceAsync(state.Request, token)),
            (Store: this, Request: request),
            cancellationToken).AsTask();

    private Task<HttpResponseMessage> SendOnceAsync(BlobRequest blobRequest, CancellationToken cancellationToken)
    {
        var uri = blobRequest.Uri;
        if (_signer is null && _account.SharedAccessSignature is { } sas)
        {
            uri = uri.Contains('?', StringComparison.Ordinal) ? $"{uri}&{sas}" : $"{uri}?{sas}";
        }

        var request = new HttpRequestMessage(blobRequest.Method, uri);
        request.Headers.TryAddWithoutValidation("x-ms-date", _timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        foreach (var (name, value) in blobRequest.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (blobRequest.Body is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
        }
        else if (blobRequest.Method == HttpMethod.Put)
        {
            request.Content = new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
        }

        _signer?.Sign(request);
        return SendAndDisposeRequestAsync(request, blobRequest.Completion, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _httpClient.SendAsync(request, completion, cancellationToken);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var errorCode = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? string.Join(",", codes) : null;
        var detail = string.Empty;
        if (response.Content.Headers.ContentLength is null or > 0)
        {
            var buffer = new byte[StorageLimits.MaxErrorBodyBytes];
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            detail = " " + Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ");
        }

        throw new BlobStoreException(
            $"Azure Blob Storage {operation} failed: {(int)response.StatusCode} {response.ReasonPhrase} ({errorCode ?? "no error code"}).{detail}",
            response.StatusCode,
            errorCode);
    }
}
