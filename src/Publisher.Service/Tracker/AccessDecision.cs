namespace Publisher.Service.Tracker;

/// <summary>Whether an announce may proceed, and why not.</summary>
internal enum AccessDecision
{
    Allowed = 0,
    NotRegistered,
    TokenMissing,
    TokenInvalid,
    TokenExpired,
    TokenWrongTorrent,
    TokenRevoked,
}
