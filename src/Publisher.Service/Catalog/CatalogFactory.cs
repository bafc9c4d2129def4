using Microsoft.Extensions.Options;
using Publisher.Service.Hosting;

namespace Publisher.Service.Catalog;

/// <summary>Builds the catalogue for the configured engine.</summary>
internal static class CatalogFactory
{
    public static CatalogRepository Create(IOptions<PublisherOptions> options, PublisherPaths paths)
    {
        var catalog = options.Value.Catalog;
        CatalogDialect dialect = catalog.Provider switch
        {
            CatalogProvider.Sqlite when string.IsNullOrWhiteSpace(catalog.ConnectionString) => SqliteCatalogDialect.ForFile(paths.SqliteDatabase),
            CatalogProvider.Sqlite => new SqliteCatalogDialect(catalog.ConnectionString),
            CatalogProvider.PostgreSQL => new PostgresCatalogDialect(catalog.ConnectionString
                ?? throw new InvalidOperationException("Publisher:Catalog:Provider is PostgreSQL but ConnectionStrings:Catalog is not set.")),
            _ => throw new InvalidOperationException($"Unknown catalogue provider '{catalog.Provider}'."),
        };
        return new CatalogRepository(dialect);
    }
}
