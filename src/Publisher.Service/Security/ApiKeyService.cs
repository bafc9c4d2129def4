using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;

namespace Publisher.Service.Security;

/// <summary>Creates, checks and revokes API keys; makes sure an admin key exists after the first start.</summary>
internal sealed partial class ApiKeyService
{
    /// <summary>The id under which the key from <c>Publisher:BootstrapApiKey</c> is known (it is never stored).</summary>
    public const string BootstrapKeyId = "bootstrap";

    /// <summary>The longest key description accepted.</summary>
    public const int MaxNameLength = 200;

    private readonly ICatalogRepository _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyService> _logger;
    private readonly byte[]? _configuredBootstrapHash;

    public ApiKeyService(ICatalogRepository catalog, IOptions<PublisherOptions> options, TimeProvider time, ILogger<ApiKeyService> logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
        if (options.Value.BootstrapApiKey is { Length: > 0 } configured)
        {
            _configuredBootstrapHash = ApiKeySecret.Hash(configured);
        }
    }

    /// <summary>Creates and stores a new key.</summary>
    public async Task<CreatedApiKey> CreateAsync(string name, ApiKeyScopes scopes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, MaxNameLength, nameof(name));
        if (scopes == ApiKeyScopes.None)
        {
            throw new ArgumentException("A key needs at least one scope.", nameof(scopes));
        }

        while (true)
        {
            var created = NewKey(name, scopes);
            if (await _catalog.CreateApiKeyAsync(created.Record, cancellationToken))
            {
                Log.ApiKeyCreated(_logger, created.Record.KeyId, name, ApiKeyScopeNames.Format(scopes));
                return created;
            }

            // A 64-bit id collision: astronomically rare, but a retry costs nothing.
        }
    }

    /// <summary>The identity of a presented key, or null when it is unknown, revoked or malformed.</summary>
    public async Task<ApiKeyIdentity?> ValidateAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length is 0 or > ApiKeySecret.MaxKeyLength)
        {
            return null;
        }

        if (_configuredBootstrapHash is not null && ApiKeySecret.Matches(presented, _configuredBootstrapHash))
        {
            return new ApiKeyIdentity(BootstrapKeyId, "bootstrap (configured)", ApiKeyScopes.Admin);
        }

        var keyId = ApiKeySecret.TryGetKeyId(presented);
        if (keyId is null)
        {
            return null;
        }

        var record = await _catalog.FindApiKeyAsync(keyId, cancellationToken);
        if (record is null || record.RevokedAt is not null || !ApiKeySecret.Matches(presented, record.SecretHash))
        {
            return null;
        }

        return new ApiKeyIdentity(record.KeyId, record.Name, record.Scopes);
    }

    /// <summary>Revokes a key; false when there is no such valid key.</summary>
    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        var revoked = await _catalog.RevokeApiKeyAsync(keyId, _time.GetUtcNow(), cancellationToken);
        if (revoked)
        {
            Log.ApiKeyRevoked(_logger, keyId);
        }

        return revoked;
    }

    /// <summary>
    /// On start-up: with a configured bootstrap key, nothing is stored. Otherwise, when the catalogue holds no
    /// key at all, an admin key is created and printed to the log, once (the catalogue decides atomically, so
    /// two instances starting together print one key between them).
    /// </summary>
    public async Task EnsureBootstrapKeyAsync(CancellationToken cancellationToken)
    {
        if (_configuredBootstrapHash is not null)
        {
            Log.BootstrapKeyConfigured(_logger);
            return;
        }

        var created = NewKey("bootstrap admin key", ApiKeyScopes.Admin);
        if (await _catalog.TryCreateFirstApiKeyAsync(created.Record, cancellationToken))
        {
            Log.BootstrapKeyCreated(_logger, created.Key);
        }
    }

    private CreatedApiKey NewKey(string name, ApiKeyScopes scopes)
    {
        var (keyId, key) = ApiKeySecret.Generate();
        var record = new ApiKeyRecord(keyId, name, ApiKeySecret.Hash(key), scopes,
            DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds()), null);
        return new CreatedApiKey(record, key);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.BootstrapKeyCreated, Level = LogLevel.Warning,
            Message = "No API key existed, so a bootstrap admin key was created. It is shown only this once; keep it safe: {ApiKey}")]
        public static partial void BootstrapKeyCreated(ILogger logger, string apiKey);

        [LoggerMessage(EventId = ServiceEventIds.BootstrapKeyConfigured, Level = LogLevel.Information,
            Message = "The admin key from Publisher:BootstrapApiKey is accepted")]
        public static partial void BootstrapKeyConfigured(ILogger logger);

        [LoggerMessage(EventId = ServiceEventIds.ApiKeyCreated, Level = LogLevel.Information,
            Message = "API key {KeyId} created for '{Name}' with scopes {Scopes}")]
        public static partial void ApiKeyCreated(ILogger logger, string keyId, string name, string scopes);

        [LoggerMessage(EventId = ServiceEventIds.ApiKeyRevoked, Level = LogLevel.Information, Message = "API key {KeyId} revoked")]
        public static partial void ApiKeyRevoked(ILogger logger, string keyId);
    }
}
