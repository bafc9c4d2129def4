namespace Publisher.Service.Catalog;

/// <summary>The sum of one counter for one release on one day.</summary>
internal readonly record struct CounterTotal(long ReleaseId, long Day, CatalogCounter Counter, long Value);
