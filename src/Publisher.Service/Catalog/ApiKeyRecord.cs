using Publisher.Service.Security;

namespace Publisher.Service.Catalog;

/// <summary>An API key as stored: never the secret, only its SHA-256.</summary>
/// <param name="KeyId">The public identifier embedded in the key (lookup is by this id).</param>
/// <param name="Name">What the key is for, as its creator described it.</param>
/// <param name="SecretHash">SHA-256 of the whole key string.</param>
/// <param name="Scopes">What the key may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or null while it is valid.</param>
internal sealed record ApiKeyRecord(string KeyId, string Name, byte[] SecretHash, ApiKeyScopes Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
