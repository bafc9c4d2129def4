using Publisher.Service.Catalog;
using Publisher.Service.Tracker;

namespace Publisher.Service.Security;

/// <summary>
/// The service's revocation list: the tracker's in-process list first (token ids and users revoked since start),
/// then the catalogue's revocation tables (by token and by user), so a revoked token, or every token of a revoked
/// user, stays refused after a restart.
/// </summary>
internal sealed class CatalogDownloadTokenRevocationList : IDownloadTokenRevocationList
{
    private readonly InMemoryDownloadTokenRevocationList _recent;
    private readonly ICatalogRepository _catalog;

    public CatalogDownloadTokenRevocationList(InMemoryDownloadTokenRevocationList recent, ICatalogRepository catalog)
    {
        _recent = recent;
        _catalog = catalog;
    }

    public async ValueTask<bool> IsRevokedAsync(DownloadTokenClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (await _recent.IsRevokedAsync(claims, cancellationToken))
        {
            return true;
        }

        if (await _catalog.IsDownloadTokenOrUserRevokedAsync(claims.TokenId, claims.UserId, cancellationToken))
        {
            _recent.RevokeToken(claims.TokenId);
            return true;
        }

        return false;
    }
}
