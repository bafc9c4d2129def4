using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Catalog;

/// <summary>The catalogue contract on a real PostgreSQL server started on loopback by <see cref="PostgresFixture"/>.</summary>
public sealed class PostgresCatalogRepositoryTests(PostgresFixture postgres) : CatalogRepositoryContract
{
    private protected override async Task<Func<CatalogRepository>> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken);
        return () => new CatalogRepository(new PostgresCatalogDialect(connectionString));
    }
}
