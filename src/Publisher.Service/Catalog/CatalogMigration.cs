namespace Publisher.Service.Catalog;

/// <summary>One step of the catalogue's schema, written once per dialect through <see cref="Sql"/>.</summary>
/// <param name="Version">The schema version this step produces (1, 2, ... without gaps).</param>
/// <param name="Description">What the step does, recorded in <c>schema_migrations</c>.</param>
/// <param name="Sql">The statements for a dialect.</param>
internal sealed record CatalogMigration(int Version, string Description, Func<CatalogDialect, string> Sql);
