namespace Publisher.Service.Catalog;

/// <summary>What the tracker needs to know about a published info hash.</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="Access">Who may join its swarm.</param>
internal readonly record struct ReleaseIndexEntry(long ReleaseId, ReleaseAccess Access);
