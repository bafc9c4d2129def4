namespace Publisher.Service.Tracker;

/// <summary>The <c>failure reason</c> text of each <see cref="TrackerFailure"/> (constant strings: no formatting per request).</summary>
internal static class TrackerFailureMessages
{
    public static string Get(TrackerFailure failure) => failure switch
    {
        TrackerFailure.MalformedQuery => "malformed query string (bad percent-encoding or characters)",
        TrackerFailure.DuplicateParameter => "a parameter appears more than once",
        TrackerFailure.TooManyParameters => "too many query parameters",
        TrackerFailure.MissingInfoHash => "info_hash is missing",
        TrackerFailure.InvalidInfoHash => "info_hash must be 20 percent-encoded bytes",
        TrackerFailure.MissingPeerId => "peer_id is missing",
        TrackerFailure.InvalidPeerId => "peer_id must be 20 percent-encoded bytes",
        TrackerFailure.MissingPort => "port is missing",
        TrackerFailure.InvalidPort => "port must be a number from 1 to 65535",
        TrackerFailure.InvalidUploaded => "uploaded must be a non-negative number",
        TrackerFailure.InvalidDownloaded => "downloaded must be a non-negative number",
        TrackerFailure.InvalidLeft => "left must be a non-negative number",
        TrackerFailure.InvalidNumWant => "numwant must be a non-negative number",
        TrackerFailure.NumWantTooLarge => "numwant is too large",
        TrackerFailure.InvalidEvent => "event must be started, completed, stopped or empty",
        TrackerFailure.InvalidCompact => "compact must be 0 or 1",
        TrackerFailure.InvalidKey => "key is too long",
        TrackerFailure.InvalidToken => "token is malformed",
        TrackerFailure.TooManyInfoHashes => "too many info_hash values in one scrape",
        TrackerFailure.FullScrapeRefused => "a scrape must name at least one info_hash",
        TrackerFailure.NotRegistered => "unregistered torrent",
        TrackerFailure.TokenMissing => "this torrent needs a download token",
        TrackerFailure.TokenInvalid => "download token is not valid",
        TrackerFailure.TokenExpired => "download token has expired",
        TrackerFailure.TokenWrongTorrent => "download token is for another torrent",
        TrackerFailure.TokenRevoked => "download token has been revoked",
        TrackerFailure.SwarmLimitReached => "tracker is full, try again later",
        TrackerFailure.StoreUnavailable => "tracker storage is unavailable, try again later",
        _ => "request refused",
    };

    public static TrackerFailure From(AccessDecision decision) => decision switch
    {
        AccessDecision.NotRegistered => TrackerFailure.NotRegistered,
        AccessDecision.TokenMissing => TrackerFailure.TokenMissing,
        AccessDecision.TokenInvalid => TrackerFailure.TokenInvalid,
        AccessDecision.TokenExpired => TrackerFailure.TokenExpired,
        AccessDecision.TokenWrongTorrent => TrackerFailure.TokenWrongTorrent,
        AccessDecision.TokenRevoked => TrackerFailure.TokenRevoked,
        _ => TrackerFailure.None,
    };
}
