namespace Publisher.Service.Security;

/// <summary>An API key as listed (no secret).</summary>
internal sealed record ApiKeyResponse(string KeyId, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
