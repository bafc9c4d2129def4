namespace Publisher.Storage;

/// <summary>The blob store implementations (configuration key <c>Publisher:Storage:Kind</c>).</summary>
public enum BlobStoreKind
{
    /// <summary>Files under a local directory (the default).</summary>
    Local = 0,

    /// <summary>Azure Blob Storage (or Azurite) over its REST API.</summary>
    AzureBlob = 1,
}
