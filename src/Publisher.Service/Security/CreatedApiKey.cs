using Publisher.Service.Catalog;

namespace Publisher.Service.Security;

/// <summary>A newly created key: the only moment its secret exists outside the caller's hands.</summary>
/// <param name="Record">What is stored.</param>
/// <param name="Key">The key itself, to show once.</param>
internal sealed record CreatedApiKey(ApiKeyRecord Record, string Key);
