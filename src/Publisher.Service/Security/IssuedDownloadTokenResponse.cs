namespace Publisher.Service.Security;

/// <summary>A download token and the URLs a client uses it in.</summary>
/// <param name="TokenId">The token's id, for revoking it alone.</param>
/// <param name="UserId">The user it was issued to.</param>
/// <param name="Token">The token itself (URL-safe).</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
/// <param name="AnnounceUrl">The tracker URL carrying the token (<c>/announce/{token}</c>).</param>
/// <param name="WebSeedUrl">The release's web-seed root carrying the token (<c>/seed/{hash}.{token}/</c>).</param>
internal sealed record IssuedDownloadTokenResponse(string TokenId, string UserId, string Token, DateTimeOffset ExpiresAt, Uri AnnounceUrl, Uri WebSeedUrl);
