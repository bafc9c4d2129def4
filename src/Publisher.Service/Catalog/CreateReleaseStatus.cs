namespace Publisher.Service.Catalog;

/// <summary>The outcome of <see cref="ICatalogRepository.CreateReleaseAsync"/>.</summary>
internal enum CreateReleaseStatus
{
    /// <summary>The release is published.</summary>
    Created,

    /// <summary>The product already has this version (versions are immutable).</summary>
    DuplicateVersion,

    /// <summary>Another release already has this info hash.</summary>
    DuplicateInfoHash,
}
