namespace Publisher.Service.Tracker;

/// <summary>What a download token states, once its signature has been checked.</summary>
/// <param name="TokenId">A random identifier of this token (16 hexadecimal digits), for revoking it alone.</param>
/// <param name="UserId">The user the token was issued to.</param>
/// <param name="InfoHash">The torrent it opens.</param>
/// <param name="ExpiresAt">When it stops being accepted (whole seconds, UTC).</param>
public sealed record DownloadTokenClaims(string TokenId, string UserId, TrackerInfoHash InfoHash, DateTimeOffset ExpiresAt);
