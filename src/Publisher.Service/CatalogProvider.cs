namespace Publisher.Service;

/// <summary>The database engines the catalogue runs on.</summary>
public enum CatalogProvider
{
    /// <summary>An embedded SQLite file in the data directory (one machine; the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by several service instances.</summary>
    PostgreSQL,
}
