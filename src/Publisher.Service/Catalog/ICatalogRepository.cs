namespace Publisher.Service.Catalog;

/// <summary>
/// The service's one store: releases and their files, API keys, download-token revocations and
/// bandwidth-savings counters. Implemented once over ADO.NET with a dialect per engine (SQLite, PostgreSQL);
/// the same contract tests run against both.
/// </summary>
internal interface ICatalogRepository
{
    /// <summary>Applies pending schema migrations (idempotent; safe when several instances start together).</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Runs a trivial query; throws when the database cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Publishes a release with its files and .torrent in one transaction: it is visible whole or not at all.</summary>
    Task<CreateReleaseResult> CreateReleaseAsync(NewRelease release, CancellationToken cancellationToken);

    /// <summary>The release with this id (yanked or not), or null.</summary>
    Task<ReleaseRecord?> GetReleaseAsync(long id, CancellationToken cancellationToken);

    /// <summary>The release of <paramref name="product"/> at <paramref name="version"/>, or null.</summary>
    Task<ReleaseRecord?> GetReleaseByVersionAsync(string product, string version, CancellationToken cancellationToken);

    /// <summary>
    /// The release whose v1 info hash or truncated v2 info hash (first 20 bytes, as trackers see it) is
    /// <paramref name="infoHash"/>, or null.
    /// </summary>
    Task<ReleaseRecord?> FindReleaseByInfoHashAsync(ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken);

    /// <summary>A page of releases, newest first.</summary>
    Task<IReadOnlyList<ReleaseRecord>> ListReleasesAsync(ReleaseQuery query, CancellationToken cancellationToken);

    /// <summary>The payload files of a release in torrent order (empty when the release does not exist).</summary>
    Task<IReadOnlyList<ReleaseFile>> GetReleaseFilesAsync(long id, CancellationToken cancellationToken);

    /// <summary>The release's .torrent bytes, or null when it does not exist.</summary>
    Task<byte[]?> GetTorrentAsync(long id, CancellationToken cancellationToken);

    /// <summary>Withdraws a release; false when it does not exist or was already yanked.</summary>
    Task<bool> YankReleaseAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stores a new API key; false when its id is taken.</summary>
    Task<bool> CreateApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="key"/> only if no API key exists at all (atomically); true when stored.</summary>
    Task<bool> TryCreateFirstApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key with this id (revoked or not), or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that a download token may no longer be used (kept until it would have expired anyway).</summary>
    Task RevokeDownloadTokenAsync(string tokenId, DateTimeOffset expiresAt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>True when the token was revoked.</summary>
    Task<bool> IsDownloadTokenRevokedAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that every download token of <paramref name="userId"/> is refused until <paramref name="expiresAt"/> (by then
    /// every token issued before the revocation has expired). Revoking again keeps the later of the two ends.
    /// </summary>
    Task RevokeDownloadTokenUserAsync(string userId, DateTimeOffset expiresAt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>True when the token was revoked, or every token of its user was (one query).</summary>
    Task<bool> IsDownloadTokenOrUserRevokedAsync(string tokenId, string userId, CancellationToken cancellationToken);

    /// <summary>Forgets token and user revocations that have expired by <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredRevocationsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds to the savings counters in one transaction.</summary>
    Task AddCountersAsync(IReadOnlyList<CounterIncrement> increments, CancellationToken cancellationToken);

    /// <summary>The counters of days <paramref name="fromDay"/> to <paramref name="toDay"/> (inclusive), optionally of one release.</summary>
    Task<IReadOnlyList<CounterTotal>> GetCountersAsync(long fromDay, long toDay, long? releaseId, CancellationToken cancellationToken);
}
