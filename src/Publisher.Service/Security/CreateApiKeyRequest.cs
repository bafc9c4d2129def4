namespace Publisher.Service.Security;

/// <summary>The body of <c>POST /api/keys</c>.</summary>
/// <param name="Name">What the key is for (1-200 characters).</param>
/// <param name="Scopes">Scope names: publish, stats, admin.</param>
internal sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);
