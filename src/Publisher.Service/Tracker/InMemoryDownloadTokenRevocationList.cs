using System.Collections.Concurrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// The default revocation list: token ids and user ids revoked in this process. A host that revokes from a
/// database registers its own <see cref="IDownloadTokenRevocationList"/>.
/// </summary>
public sealed class InMemoryDownloadTokenRevocationList : IDownloadTokenRevocationList
{
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _users = new(StringComparer.Ordinal);

    /// <summary>Revokes one token by its <see cref="DownloadTokenClaims.TokenId"/>.</summary>
    public void RevokeToken(string tokenId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        _tokens.TryAdd(tokenId, 0);
    }

    /// <summary>Revokes every token issued to <paramref name="userId"/>.</summary>
    public void RevokeUser(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        _users.TryAdd(userId, 0);
    }

    /// <inheritdoc/>
    public ValueTask<bool> IsRevokedAsync(DownloadTokenClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return ValueTask.FromResult(_tokens.ContainsKey(claims.TokenId) || _users.ContainsKey(claims.UserId));
    }
}
