namespace Publisher.Service.Tracker;

/// <summary>Revoked download tokens. The tracker asks it after a token's signature and expiry check out.</summary>
public interface IDownloadTokenRevocationList
{
    /// <summary>True when the token described by <paramref name="claims"/> must no longer be accepted.</summary>
    ValueTask<bool> IsRevokedAsync(DownloadTokenClaims claims, CancellationToken cancellationToken);
}
