using Publisher.Storage.Azure;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>The shared contract against Azurite with Shared Key authorization.</summary>
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContractTests, IClassFixture<AzuriteFixture>, IDisposable
{
    private AzureBlobStore? _store;

    protected override IBlobStore Store
    {
        get
        {
            azurite.RequireAvailable();
            return _store ??= new AzureBlobStore(AzuriteStores.Options(azurite, AzuriteStores.NewContainerName()));
        }
    }

    public void Dispose() => _store?.Dispose();
}
