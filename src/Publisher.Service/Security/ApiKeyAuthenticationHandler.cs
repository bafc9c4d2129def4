using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>. No key: no result
/// (anonymous endpoints stay open); a wrong key: failure. Challenges answer 401 and forbids 403, both as
/// ProblemDetails.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler : AuthenticationHandler<ApiKeyAuthenticationOptions>
{
    private const string BearerPrefix = "Bearer ";

    private readonly ApiKeyService _keys;
    private readonly IProblemDetailsService _problemDetails;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys, IProblemDetailsService problemDetails)
        : base(options, logger, encoder)
    {
        _keys = keys;
        _problemDetails = problemDetails;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await _keys.ValidateAsync(presented, Context.RequestAborted);
        if (identity is null)
        {
            Log.ApiKeyRejected(Logger, ApiKeySecret.TryGetKeyId(presented) ?? "(not a publisher key)");
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, identity.KeyId),
            new(ClaimTypes.Name, identity.Name),
            new(ApiKeyDefaults.KeyIdClaimType, identity.KeyId),
        };
        foreach (var scope in ApiKeyScopeNames.ToNames(identity.Scopes))
        {
            claims.Add(new Claim(ApiKeyDefaults.ScopeClaimType, scope));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "API key required",
            $"Send a valid API key as 'Authorization: Bearer <key>' or '{ApiKeyDefaults.HeaderName}: <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "Insufficient scope", "The API key does not have the scope this operation needs.");
    }

    /// <summary>The key in the request, or null when none was sent.</summary>
    internal static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        var header = request.Headers[ApiKeyDefaults.HeaderName].ToString();
        return header.Length == 0 ? null : header.Trim();
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (!await _problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }))
        {
            await Response.WriteAsJsonAsync(problem, Context.RequestAborted);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.ApiKeyRejected, Level = LogLevel.Information, Message = "Rejected an invalid API key (id {KeyId})")]
        public static partial void ApiKeyRejected(ILogger logger, string keyId);
    }
}
