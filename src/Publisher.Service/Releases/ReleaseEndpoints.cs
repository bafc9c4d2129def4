using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;
using Publisher.Service.Security;
using Publisher.Service.Signing;

namespace Publisher.Service.Releases;

/// <summary>
/// <c>/api/releases</c>: list, get, .torrent, magnet, signed manifest, latest, yank. Reads are anonymous
/// (releases are public; swarm access is the tracker's business); yanking needs scope publish.
/// </summary>
internal static partial class ReleaseEndpoints
{
    /// <summary>The media type of .torrent files.</summary>
    public const string TorrentMediaType = "application/x-bittorrent";

    public static RouteGroupBuilder MapReleases(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/releases").WithTags("Releases");
        group.MapGet("/", ListAsync).WithName("ListReleases").WithSummary("Lists releases, newest first.");
        group.MapPost("/", PublishAsync).RequireAuthorization(ApiKeyDefaults.PublishPolicy).WithName("PublishRelease")
            .WithSummary("Registers a release: multipart/form-data with 'torrent' (file), 'product', 'version', optional 'channel', 'notes', 'access'.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ReleaseResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/upload", UploadAsync).RequireAuthorization(ApiKeyDefaults.PublishPolicy).WithName("UploadRelease")
            .WithSummary("Uploads a release's files (multipart, streamed), hashes them into a hybrid torrent, stores them in the blob store and publishes.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ReleaseResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/uploads", StartUploadAsync).RequireAuthorization(ApiKeyDefaults.PublishPolicy).WithName("StartUpload")
            .WithSummary("Starts an upload of a release's files (JSON list of paths and lengths): an id and where to PUT each file.")
            .Produces<StartUploadResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPut("/uploads/{id}", PutUploadFileAsync).RequireAuthorization(ApiKeyDefaults.PublishPolicy).WithName("PutUploadFile")
            .WithSummary("Stages one file of an upload (?path=, the body is the file, Content-Length required); register it with POST /api/releases upload={id}.")
            .Accepts<Stream>("application/octet-stream")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status411LengthRequired)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/uploads/{id}", AbortUploadAsync).RequireAuthorization(ApiKeyDefaults.PublishPolicy).WithName("AbortUpload")
            .WithSummary("Removes an upload's staged files.");
        group.MapGet("/latest", LatestAsync).WithName("GetLatestRelease")
            .WithSummary("The highest version (SemVer precedence) of a product on a channel that is not yanked.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetRelease").WithSummary("One release with its files.");
        group.MapGet("/{id:long}/torrent", GetTorrentAsync).WithName("GetReleaseTorrent").WithSummary("The release's .torrent file.")
            .Produces(StatusCodes.Status200OK, contentType: TorrentMediaType);
        group.MapGet("/{id:long}/magnet", GetMagnetAsync).WithName("GetReleaseMagnet").WithSummary("The release's magnet URI, as text.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        group.MapGet("/{id:long}/manifest", GetManifestAsync).WithName("GetReleaseManifest")
            .WithSummary("The release manifest as a JWS (flattened JSON, ES256) signed with the publisher's key.");
        group.MapPost("/{id:long}/yank", YankAsync).RequireAuthorization(ApiKeyDefaults.PublishPolicy).WithName("YankRelease")
            .WithSummary("Withdraws a release from feeds and 'latest'; it stays downloadable for those who have it.");
        return group;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ReleaseResponse>>, ValidationProblem>> ListAsync(
        ICatalogRepository catalog, PublicUrlProvider urls, HttpContext context, CancellationToken cancellationToken,
        string? product = null, string? channel = null, bool includeYanked = false, int limit = 50, long? before = null)
    {
        if (limit < 1 || limit > ReleaseQuery.MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be 1 to {ReleaseQuery.MaxLimit}."] });
        }

        var releases = await catalog.ListReleasesAsync(new ReleaseQuery(product, channel, includeYanked, limit, before), cancellationToken);
        var baseUrl = urls.GetBaseUrl(context);
        var response = new List<ReleaseResponse>(releases.Count);
        foreach (var release in releases)
        {
            response.Add(ReleaseResponse.From(release, baseUrl));
        }

        return TypedResults.Ok<IReadOnlyList<ReleaseResponse>>(response);
    }

    internal static async Task<Results<Ok<ReleaseResponse>, NotFound, ValidationProblem>> LatestAsync(
        ICatalogRepository catalog, PublicUrlProvider urls, HttpContext context, CancellationToken cancellationToken,
        string? product = null, string? channel = null)
    {
        if (!ReleaseNames.IsValidProduct(product))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["product"] = ["A valid product name is required."] });
        }

        channel ??= ReleaseNames.DefaultChannel;
        ReleaseRecord? best = null;
        SemanticVersion? bestVersion = null;
        long? before = null;
        while (true)
        {
            var page = await catalog.ListReleasesAsync(new ReleaseQuery(product, channel, false, ReleaseQuery.MaxLimit, before), cancellationToken);
            foreach (var release in page)
            {
                if (SemanticVersion.TryParse(release.Version, out var version) && (bestVersion is null || version.CompareTo(bestVersion) > 0))
                {
                    best = release;
                    bestVersion = version;
                }
            }

            if (page.Count < ReleaseQuery.MaxLimit)
            {
                break;
            }

            before = page[^1].Id;
        }

        return best is null ? TypedResults.NotFound() : TypedResults.Ok(ReleaseResponse.From(best, urls.GetBaseUrl(context)));
    }

    internal static async Task<Results<Ok<ReleaseResponse>, NotFound>> GetAsync(
        long id, ICatalogRepository catalog, PublicUrlProvider urls, HttpContext context, CancellationToken cancellationToken)
    {
        var release = await catalog.GetReleaseAsync(id, cancellationToken);
        if (release is null)
        {
            return TypedResults.NotFound();
        }

        var files = await catalog.GetReleaseFilesAsync(id, cancellationToken);
        return TypedResults.Ok(ReleaseResponse.From(release, urls.GetBaseUrl(context), files));
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetTorrentAsync(long id, ICatalogRepository catalog, CancellationToken cancellationToken)
    {
        var release = await catalog.GetReleaseAsync(id, cancellationToken);
        var torrent = release is null ? null : await catalog.GetTorrentAsync(id, cancellationToken);
        if (release is null || torrent is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(torrent, TorrentMediaType, $"{release.Product}-{release.Version}.torrent");
    }

    internal static async Task<Results<ContentHttpResult, NotFound>> GetMagnetAsync(
        long id, ICatalogRepository catalog, PublicUrlProvider urls, HttpContext context, CancellationToken cancellationToken)
    {
        var release = await catalog.GetReleaseAsync(id, cancellationToken);
        return release is null ? TypedResults.NotFound() : TypedResults.Text(MagnetLink.For(release, urls.GetBaseUrl(context)), "text/plain");
    }

    internal static async Task<Results<Ok<FlattenedJws>, NotFound>> GetManifestAsync(
        long id, ICatalogRepository catalog, SigningKeyStore signingKey, CancellationToken cancellationToken)
    {
        var release = await catalog.GetReleaseAsync(id, cancellationToken);
        if (release is null)
        {
            return TypedResults.NotFound();
        }

        var files = await catalog.GetReleaseFilesAsync(id, cancellationToken);
        var manifest = ReleaseManifest.From(release, files);
        return TypedResults.Ok(signingKey.SignJws(manifest.ToUtf8Json(), ReleaseManifest.JwsType));
    }

    internal static async Task<Results<Ok<ReleaseResponse>, NotFound, ProblemHttpResult>> YankAsync(
        long id, ICatalogRepository catalog, PublicUrlProvider urls, TimeProvider time, ILoggerFactory loggerFactory, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await catalog.YankReleaseAsync(id, time.GetUtcNow(), cancellationToken))
        {
            return await catalog.GetReleaseAsync(id, cancellationToken) is null
                ? TypedResults.NotFound()
                : TypedResults.Problem($"Release {id} was already yanked.", statusCode: StatusCodes.Status409Conflict, title: "Already yanked");
        }

        var release = (await catalog.GetReleaseAsync(id, cancellationToken))!;
        Log.ReleaseYanked(loggerFactory.CreateLogger(typeof(ReleaseEndpoints).FullName!), release.Id, release.Product, release.Version);
        return TypedResults.Ok(ReleaseResponse.From(release, urls.GetBaseUrl(context)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.ReleaseYanked, Level = LogLevel.Information, Message = "Release {Id} ({Product} {Version}) yanked")]
        public static partial void ReleaseYanked(ILogger logger, long id, string product, string version);
    }
}
