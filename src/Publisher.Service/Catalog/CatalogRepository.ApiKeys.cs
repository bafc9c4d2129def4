using System.Data.Common;
using Publisher.Service.Security;

namespace Publisher.Service.Catalog;

internal sealed partial class CatalogRepository
{
    private const string ApiKeyColumns = "key_id, name, secret_hash, scopes, created_at, revoked_at";

    public async Task<bool> CreateApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        try
        {
            await InsertApiKeyAsync(connection, null, key, cancellationToken);
            return true;
        }
        catch (DbException exception) when (_dialect.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    public async Task<bool> TryCreateFirstApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
        await _dialect.LockForStartupAsync(connection, transaction, cancellationToken);
        if (await ScalarInt64Async(connection, transaction, "SELECT COUNT(*) FROM api_keys", cancellationToken) != 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await InsertApiKeyAsync(connection, transaction, key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, $"SELECT {ApiKeyColumns} FROM api_keys WHERE key_id = @id", ("@id", keyId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadApiKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, $"SELECT {ApiKeyColumns} FROM api_keys ORDER BY created_at, key_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadApiKey(reader));
        }

        return keys;
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE api_keys SET revoked_at = @at WHERE key_id = @id AND revoked_at IS NULL", cancellationToken,
            ("@at", at.ToUnixTimeMilliseconds()), ("@id", keyId)) == 1;
    }

    private static Task<int> InsertApiKeyAsync(DbConnection connection, DbTransaction? transaction, ApiKeyRecord key, CancellationToken cancellationToken)
    {
        var revokedAt = ToUnixMilliseconds(key.RevokedAt);
        return ExecuteAsync(connection, transaction, """
            INSERT INTO api_keys (key_id, name, secret_hash, scopes, created_at, revoked_at)
            VALUES (@id, @name, @hash, @scopes, @createdAt, @revokedAt)
            """, cancellationToken,
            ("@id", key.KeyId), ("@name", key.Name), ("@hash", key.SecretHash), ("@scopes", ApiKeyScopeNames.Format(key.Scopes)),
            ("@createdAt", key.CreatedAt.ToUnixTimeMilliseconds()), ("@revokedAt", revokedAt));
    }

    private static ApiKeyRecord ReadApiKey(DbDataReader reader) => new(
        KeyId: reader.GetString(0),
        Name: reader.GetString(1),
        SecretHash: (byte[])reader.GetValue(2),
        Scopes: ApiKeyScopeNames.Parse(reader.GetString(3)),
        CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        RevokedAt: ReadTime(reader, 5));
}
