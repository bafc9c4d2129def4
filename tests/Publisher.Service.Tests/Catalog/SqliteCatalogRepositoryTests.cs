using Publisher.Service.Catalog;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Catalog;

/// <summary>The catalogue contract on SQLite, plus what is SQLite's own (WAL).</summary>
public sealed class SqliteCatalogRepositoryTests : CatalogRepositoryContract, IDisposable
{
    private readonly TempDirectory _directory = new("publisher-sqlite");

    private protected override Task<Func<CatalogRepository>> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var path = _directory.Combine($"{Guid.NewGuid():N}.db");
        return Task.FromResult<Func<CatalogRepository>>(() => new CatalogRepository(SqliteCatalogDialect.ForFile(path)));
    }

    [Fact]
    public async Task MigrateAsync_NewFile_UsesWriteAheadLog()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _directory.Combine("wal.db");
        await using (var catalog = new CatalogRepository(SqliteCatalogDialect.ForFile(path)))
        {
            await catalog.MigrateAsync(ct);
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanService_Throws()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _directory.Combine("future.db");
        await using var catalog = new CatalogRepository(SqliteCatalogDialect.ForFile(path));
        await catalog.MigrateAsync(ct);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 0)";
            await command.ExecuteNonQueryAsync(ct);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.MigrateAsync(ct));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
