namespace Publisher.Service.Security;

/// <summary>Who a valid API key belongs to and what it may do.</summary>
/// <param name="KeyId">The key's id (<see cref="ApiKeyService.BootstrapKeyId"/> for the configured bootstrap key).</param>
/// <param name="Name">The key's description.</param>
/// <param name="Scopes">Its scopes.</param>
internal sealed record ApiKeyIdentity(string KeyId, string Name, ApiKeyScopes Scopes);
