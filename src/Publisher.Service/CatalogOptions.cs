namespace Publisher.Service;

/// <summary>The <c>Publisher:Catalog</c> section: which database keeps the release catalogue.</summary>
public sealed class CatalogOptions
{
    /// <summary>The database engine. Default <see cref="CatalogProvider.Sqlite"/>.</summary>
    public CatalogProvider Provider { get; set; } = CatalogProvider.Sqlite;

    /// <summary>
    /// The connection string. Default: <c>ConnectionStrings:Catalog</c>; for SQLite, when that is absent too,
    /// the file <c>publisher.db</c> in the data directory. Required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How often, in seconds, the in-memory release index the tracker reads is reloaded from the database (to see
    /// releases published through other instances). Default 30.
    /// </summary>
    public int RefreshSeconds { get; set; } = 30;
}
