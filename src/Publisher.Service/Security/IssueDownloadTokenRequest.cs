namespace Publisher.Service.Security;

/// <summary>What a licence server asks for: a token for one user, valid for a while.</summary>
/// <param name="UserId">The user (1 to 64 UTF-8 bytes), recorded in the token.</param>
/// <param name="LifetimeSeconds">How long the token is accepted, 1 second to 366 days (default one day).</param>
internal sealed record IssueDownloadTokenRequest(string? UserId, long? LifetimeSeconds);
