namespace Publisher.Service.Security;

/// <summary>What to revoke for a release: one token (given whole, so its id and expiry are known), or every token of a user.</summary>
/// <param name="Token">A token issued for this release.</param>
/// <param name="UserId">A user whose tokens are all refused from now on.</param>
internal sealed record RevokeDownloadTokenRequest(string? Token, string? UserId);
