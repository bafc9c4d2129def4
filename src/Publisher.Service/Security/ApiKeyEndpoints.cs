using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Publisher.Service.Catalog;
using Publisher.Service.Signing;

namespace Publisher.Service.Security;

/// <summary>
/// <c>/api/keys</c>: the publisher's public signing key (anonymous), and API key management (scope admin).
/// </summary>
internal static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/keys").WithTags("Keys");
        group.MapGet("/signing", GetSigningKey)
            .WithName("GetSigningKey")
            .WithSummary("The publisher's public signing key (ES256), as PEM and JWK, used to verify release manifests.");
        group.MapPost("/", CreateAsync).RequireAuthorization(ApiKeyDefaults.AdminPolicy)
            .WithName("CreateApiKey").WithSummary("Creates an API key; the key is in this response only.");
        group.MapGet("/", ListAsync).RequireAuthorization(ApiKeyDefaults.AdminPolicy)
            .WithName("ListApiKeys").WithSummary("Lists API keys (never their secrets).");
        group.MapDelete("/{keyId}", RevokeAsync).RequireAuthorization(ApiKeyDefaults.AdminPolicy)
            .WithName("RevokeApiKey").WithSummary("Revokes an API key.");
        return group;
    }

    internal static Ok<SigningPublicKey> GetSigningKey(SigningKeyStore store, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(store.PublicKey);
    }

    internal static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > ApiKeyService.MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {ApiKeyService.MaxNameLength} characters is required."];
        }

        var scopes = ApiKeyScopes.None;
        foreach (var name in request.Scopes ?? [])
        {
            if (!ApiKeyScopeNames.TryParseName(name, out var scope))
            {
                errors["scopes"] = [$"Unknown scope '{name}'; use {string.Join(", ", ApiKeyScopeNames.All)}."];
                break;
            }

            scopes |= scope;
        }

        if (scopes == ApiKeyScopes.None && !errors.ContainsKey("scopes"))
        {
            errors["scopes"] = [$"At least one scope is required: {string.Join(", ", ApiKeyScopeNames.All)}."];
        }

        if (errors.Count != 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await keys.CreateAsync(request.Name!.Trim(), scopes, cancellationToken);
        var record = created.Record;
        return TypedResults.Created($"/api/keys/{record.KeyId}",
            new CreatedApiKeyResponse(record.KeyId, created.Key, record.Name, ApiKeyScopeNames.ToNames(record.Scopes), record.CreatedAt));
    }

    internal static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListAsync(ICatalogRepository catalog, CancellationToken cancellationToken)
    {
        var keys = await catalog.ListApiKeysAsync(cancellationToken);
        var response = new List<ApiKeyResponse>(keys.Count);
        foreach (var key in keys)
        {
            response.Add(new ApiKeyResponse(key.KeyId, key.Name, ApiKeyScopeNames.ToNames(key.Scopes), key.CreatedAt, key.RevokedAt));
        }

        return TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>(response);
    }

    internal static async Task<Results<NoContent, NotFound>> RevokeAsync(string keyId, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(keyId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
