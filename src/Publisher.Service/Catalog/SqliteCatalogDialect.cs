using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Publisher.Service.Catalog;

/// <summary>
/// The embedded engine: one SQLite file in WAL mode (readers never block the writer), a busy timeout so
/// concurrent writers wait instead of failing, and write transactions that take the lock up front.
/// </summary>
internal sealed class SqliteCatalogDialect : CatalogDialect
{
    /// <summary>How long a connection waits for another writer before failing.</summary>
    internal const int BusyTimeoutMilliseconds = 10_000;

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly string _connectionString;

    public SqliteCatalogDialect(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        _connectionString = builder.ConnectionString;
    }

    /// <summary>A dialect for the database file at <paramref name="path"/>.</summary>
    public static SqliteCatalogDialect ForFile(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path }.ConnectionString);

    public override string Name => "SQLite";

    public override string IdentityPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string IntegerType => "INTEGER";

    public override string BinaryType => "BLOB";

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: a deferred transaction that later needs to write can fail with SQLITE_BUSY
        // without waiting, because the busy handler cannot resolve a read-to-write upgrade.
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return Task.FromResult(transaction);
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file: set once, it stays. With synchronous=NORMAL a committed
        // transaction survives a killed process (only a power cut can lose the last commits).
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
