namespace Publisher.Service.Tracker;

/// <summary>The outcome of checking a download token.</summary>
public enum DownloadTokenStatus
{
    /// <summary>Signed by our key, not expired, issued for this info hash.</summary>
    Valid = 0,

    /// <summary>Not a token (bad encoding or length) or its signature does not match: forged or altered.</summary>
    Invalid = 1,

    /// <summary>Genuine, but past its expiry.</summary>
    Expired = 2,

    /// <summary>Genuine, but issued for another info hash.</summary>
    WrongTorrent = 3,

    /// <summary>Genuine, but revoked through <see cref="IDownloadTokenRevocationList"/>.</summary>
    Revoked = 4,
}
