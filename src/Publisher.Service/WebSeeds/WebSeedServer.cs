using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Storage;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// Answers <c>GET|HEAD /seed/{release}/{**path}</c>: BEP 19 web-seed requests for published releases, served from the
/// blob store with exact byte ranges, validators and conditional requests, and every byte sent counted as origin bytes.
/// The request target is untrusted: it is parsed from the raw target by <see cref="WebSeedTarget"/> and only paths that
/// are files of the release's torrent reach the blob store, under keys built by <see cref="ReleaseBlobKeys"/>.
/// </summary>
internal sealed partial class WebSeedServer
{
    private const string OctetStream = "application/octet-stream";

    private readonly WebSeedReleaseCache _releases;
    private readonly IBlobStore _blobs;
    private readonly IWebSeedTokenValidator _tokens;
    private readonly IOriginByteRecorder _recorder;
    private readonly WebSeedMetrics _metrics;
    private readonly IOptions<WebSeedOptions> _options;
    private readonly ILogger<WebSeedServer> _logger;

    public WebSeedServer(
        WebSeedReleaseCache releases,
        IBlobStore blobs,
        IWebSeedTokenValidator tokens,
        IOriginByteRecorder recorder,
        WebSeedMetrics metrics,
        IOptions<WebSeedOptions> options,
        ILogger<WebSeedServer> logger)
    {
        _releases = releases;
        _blobs = blobs;
        _tokens = tokens;
        _recorder = recorder;
        _metrics = metrics;
        _options = options;
        _logger = logger;
    }

    /// <summary>Handles one request; never throws for anything a client can send.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var status = await ServeAsync(context);
        if (status != 0)
        {
            context.Response.StatusCode = status;
            if (status >= StatusCodes.Status400BadRequest && status != StatusCodes.Status416RangeNotSatisfiable)
            {
                // Errors may be transient (a payload still uploading, a store hiccup): never let a cache keep them.
                context.Response.Headers.CacheControl = "no-store";
            }
        }

        _metrics.Request(context.Response.StatusCode);
    }

    /// <summary>Serves the request; returns a status code to set when nothing was written, or 0 when the response is done.</summary>
    private async Task<int> ServeAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Concat(context.Request.PathBase.Value, context.Request.Path.Value);
        if (WebSeedTarget.TryParse(rawTarget, CountSegments(context.Request.PathBase), out var target) != WebSeedTargetStatus.Valid)
        {
            Log.RequestRejected(_logger, "malformed web-seed URL", TrimForLog(rawTarget));
            return StatusCodes.Status400BadRequest;
        }

        var release = await _releases.FindAsync(target!.InfoHash, target.InfoHashHex, cancellationToken);
        if (release is null)
        {
            return StatusCodes.Status404NotFound;
        }

        if (release.Record.IsYanked)
        {
            return StatusCodes.Status410Gone;
        }

        if (release.Record.Access == ReleaseAccess.Entitled && !await IsEntitledAsync(context, target, cancellationToken))
        {
            return StatusCodes.Status403Forbidden;
        }

        var file = release.Find(target.Path);
        if (file is null)
        {
            return StatusCodes.Status404NotFound;
        }

        context.Response.Headers.CacheControl = release.Record.Access == ReleaseAccess.Entitled ? "private, no-store" : "public, max-age=300";
        if (file.IsPad)
        {
            return await ServePadAsync(context, file.Length, cancellationToken);
        }

        if (_options.Value.RedirectToBlob && await TryRedirectAsync(context, release, file, cancellationToken))
        {
            return 0;
        }

        var properties = await GetPropertiesAsync(release, file, cancellationToken);
        if (properties is null)
        {
            return StatusCodes.Status404NotFound;
        }

        if (properties.Length != file.Length)
        {
            Log.BlobLengthMismatch(_logger, file.BlobKey, properties.Length, file.Length);
            return StatusCodes.Status503ServiceUnavailable;
        }

        return await ServeBlobAsync(context, release.Record.Id, file, properties, cancellationToken);
    }

    private async ValueTask<bool> IsEntitledAsync(HttpContext context, WebSeedTarget target, CancellationToken cancellationToken)
    {
        var token = target.Token;
        if (token is null && context.Request.Query.TryGetValue("token", out var values) && values.Count == 1)
        {
            token = values[0];
        }

        if (string.IsNullOrEmpty(token) || token.Length > WebSeedLimits.MaxTokenChars)
        {
            Log.TokenRejected(_logger, target.InfoHashHex, "no download token");
            return false;
        }

        if (await _tokens.IsValidAsync(token, target.InfoHash, cancellationToken))
        {
            return true;
        }

        Log.TokenRejected(_logger, target.InfoHashHex, "the download token is not valid for this release");
        return false;
    }

    private async ValueTask<BlobProperties?> GetPropertiesAsync(WebSeedRelease release, WebSeedFile file, CancellationToken cancellationToken)
    {
        if (file.Properties is { } cached)
        {
            return cached;
        }

        if (!BlobKey.IsValid(file.BlobKey))
        {
            Log.ReleaseFileMissing(_logger, release.Record.Id, file.BlobKey);
            return null;
        }

        var properties = await _blobs.GetPropertiesAsync(file.BlobKey, cancellationToken);
        if (properties is null)
        {
            Log.ReleaseFileMissing(_logger, release.Record.Id, file.BlobKey);
            return null;
        }

        file.Properties = properties;
        return properties;
    }

    private async ValueTask<bool> TryRedirectAsync(HttpContext context, WebSeedRelease release, WebSeedFile file, CancellationToken cancellationToken)
    {
        if (!BlobKey.IsValid(file.BlobKey))
        {
            return false;
        }

        var url = await _blobs.GetDirectReadUrlAsync(file.BlobKey, _options.Value.RedirectLifetime, cancellationToken);
        if (url is null)
        {
            return false;
        }

        // The bytes leave blob storage, not this process: count what was asked for (an upper bound), once, on GET.
        var range = ByteRange.Resolve(context.Request.Headers.Range.ToString(), file.Length);
        if (HttpMethods.IsGet(context.Request.Method) && range.Kind != ByteRangeKind.Unsatisfiable)
        {
            _recorder.Add(release.Record.Id, range.Count);
            _metrics.OriginBytes(range.Count, "redirect");
        }

        Log.Redirected(_logger, release.Record.Id, file.BlobKey);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(url.AbsoluteUri, permanent: false);
        return true;
    }

    private static int CountSegments(PathString pathBase)
    {
        var value = pathBase.Value;
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        var count = 0;
        foreach (var c in value.AsSpan(1))
        {
            if (c == '/')
            {
                count++;
            }
        }

        return count + 1;
    }

    private static string TrimForLog(string value) => value.Length <= 200 ? value : string.Concat(value.AsSpan(0, 200), "...");
}
