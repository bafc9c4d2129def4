using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;
using Publisher.Service.Releases;
using Publisher.Service.Tracker;
using Publisher.Torrent;

namespace Publisher.Service.Security;

/// <summary>
/// <c>/api/releases/{id}/tokens</c> (scope admin): download tokens for a publisher's licence server. Issuing returns
/// the token with the announce and web-seed URLs that carry it; revoking records the token in the catalogue (kept
/// until it would have expired) and in the tracker's revocation list, or refuses every token of a user.
/// </summary>
internal static class DownloadTokenEndpoints
{
    /// <summary>The longest lifetime a token may be issued for.</summary>
    internal static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

    public static RouteGroupBuilder MapDownloadTokens(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/releases/{id:long}/tokens").WithTags("Download tokens")
            .RequireAuthorization(ApiKeyDefaults.AdminPolicy);
        group.MapPost("/", IssueAsync).WithName("IssueDownloadToken")
            .WithSummary("Issues a download token for one user and returns it with the announce and web-seed URLs that carry it.");
        group.MapPost("/revoke", RevokeAsync).WithName("RevokeDownloadToken")
            .WithSummary("Revokes one token of this release, or every token of a user.");
        return group;
    }

    internal static async Task<Results<Ok<IssuedDownloadTokenResponse>, NotFound, ValidationProblem>> IssueAsync(
        long id, IssueDownloadTokenRequest request, ICatalogRepository catalog, DownloadTokenService tokens,
        PublicUrlProvider urls, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.UserId) || Encoding.UTF8.GetByteCount(request.UserId) > ProtocolLimits.TrackerServerTokenMaxUserIdBytes)
        {
            errors["userId"] = [$"A user id of 1 to {ProtocolLimits.TrackerServerTokenMaxUserIdBytes} UTF-8 bytes is required."];
        }

        var lifetime = DefaultLifetime;
        if (request.LifetimeSeconds is { } seconds)
        {
            if (seconds < 1 || seconds > (long)MaxLifetime.TotalSeconds)
            {
                errors["lifetimeSeconds"] = [$"The lifetime is 1 to {(long)MaxLifetime.TotalSeconds} seconds."];
            }
            else
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }
        }

        if (errors.Count != 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var release = await catalog.GetReleaseAsync(id, cancellationToken);
        if (release is null || release.IsYanked)
        {
            return TypedResults.NotFound();
        }

        var hashHex = ServiceUrls.TrackerInfoHash(release);
        var infoHash = TrackerInfoHash.FromBytes(Convert.FromHexString(hashHex));
        var token = tokens.Issue(request.UserId!, infoHash, lifetime);
        tokens.Validate(token, infoHash, out var claims);
        var baseUrl = urls.GetBaseUrl(context);
        return TypedResults.Ok(new IssuedDownloadTokenResponse(
            claims!.TokenId, claims.UserId, token, claims.ExpiresAt,
            new Uri(baseUrl, $"announce/{token}"),
            new Uri(baseUrl, $"seed/{hashHex}.{token}/")));
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> RevokeAsync(
        long id, RevokeDownloadTokenRequest request, ICatalogRepository catalog, DownloadTokenService tokens,
        InMemoryDownloadTokenRevocationList revocations, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Token) == string.IsNullOrEmpty(request.UserId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Give either a token or a userId."] });
        }

        var release = await catalog.GetReleaseAsync(id, cancellationToken);
        if (release is null)
        {
            return TypedResults.NotFound();
        }

        if (!string.IsNullOrEmpty(request.UserId))
        {
            // Kept until every token issued before now has expired (no token lives longer than MaxLifetime).
            var now = time.GetUtcNow();
            await catalog.RevokeDownloadTokenUserAsync(request.UserId, now + MaxLifetime, now, cancellationToken);
            revocations.RevokeUser(request.UserId);
            return TypedResults.NoContent();
        }

        var infoHash = TrackerInfoHash.FromBytes(Convert.FromHexString(ServiceUrls.TrackerInfoHash(release)));
        var status = tokens.Validate(request.Token, infoHash, out var claims);
        if (status is not (DownloadTokenStatus.Valid or DownloadTokenStatus.Expired) || claims is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a token issued by this service for this release."] });
        }

        if (status == DownloadTokenStatus.Valid)
        {
            await catalog.RevokeDownloadTokenAsync(claims.TokenId, claims.ExpiresAt, time.GetUtcNow(), cancellationToken);
            revocations.RevokeToken(claims.TokenId);
        }

        return TypedResults.NoContent();
    }
}
