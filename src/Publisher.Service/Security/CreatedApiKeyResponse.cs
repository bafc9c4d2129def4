namespace Publisher.Service.Security;

/// <summary>A key just created: <paramref name="Key"/> is shown here and never again.</summary>
internal sealed record CreatedApiKeyResponse(string KeyId, string Key, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);
