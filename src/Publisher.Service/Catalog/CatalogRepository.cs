using System.Data.Common;

namespace Publisher.Service.Catalog;

/// <summary>
/// <see cref="ICatalogRepository"/> over ADO.NET: the SQL is shared, the differences between engines live in
/// <see cref="CatalogDialect"/>. Every method opens a pooled connection for its own unit of work.
/// </summary>
internal sealed partial class CatalogRepository : ICatalogRepository, IAsyncDisposable
{
    private readonly CatalogDialect _dialect;

    public CatalogRepository(CatalogDialect dialect)
    {
        _dialect = dialect;
    }

    /// <summary>The engine underneath, for health reports.</summary>
    public string EngineName => _dialect.Name;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await _dialect.PrepareDatabaseAsync(connection, cancellationToken);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
        await _dialect.LockForStartupAsync(connection, transaction, cancellationToken);

        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version {_dialect.IntegerType} NOT NULL PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at {_dialect.IntegerType} NOT NULL
            )
            """, cancellationToken);

        var current = await ScalarInt64Async(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken);
        if (current > CatalogMigrations.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The catalogue's schema is at version {current}, newer than this service knows ({CatalogMigrations.LatestVersion}). " +
                "Run a service version at least as new as the one that last used this database.");
        }

        var applied = 0;
        foreach (var migration in CatalogMigrations.All)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql(_dialect), cancellationToken);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @at)",
                cancellationToken,
                ("@version", (long)migration.Version), ("@description", migration.Description), ("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await ScalarInt64Async(connection, null, "SELECT COUNT(*) FROM schema_migrations", cancellationToken);
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return command;
    }

    private static DbParameter AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarInt64Async(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Types parameters that may be null, so PostgreSQL can infer them in <c>@p IS NULL</c> tests.</summary>
    private static void TypeNullableText(DbCommand command, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            command.Parameters[name].DbType = System.Data.DbType.String;
        }
    }

    /// <summary>Types 64-bit integer parameters that may be null.</summary>
    private static void TypeNullableInteger(DbCommand command, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            command.Parameters[name].DbType = System.Data.DbType.Int64;
        }
    }

    private static long? ToUnixMilliseconds(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
