using Publisher.Storage.Azure;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>
/// The shared contract against Azurite with a SAS-only connection string (a container SAS made by a
/// Shared Key store): every request is authorized by the signature in its query.
/// </summary>
public sealed class AzureSasBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContractTests, IClassFixture<AzuriteFixture>, IDisposable
{
    private AzureBlobStore? _store;

    protected override IBlobStore Store
    {
        get
        {
            azurite.RequireAvailable();
            if (_store is null)
            {
                var container = AzuriteStores.NewContainerName();
                string sas;
                using (var keyed = new AzureBlobStore(AzuriteStores.Options(azurite, container)))
                {
                    // Creates the container (a container SAS cannot) and signs the SAS.
                    keyed.PutAsync("init", new MemoryStream([0]), null, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
                    keyed.DeleteAsync("init", TestContext.Current.CancellationToken).GetAwaiter().GetResult();
                    sas = keyed.CreateContainerSas("racwdl", TimeSpan.FromHours(1))!;
                }

                var connectionString = $"BlobEndpoint=http://127.0.0.1:{azurite.Port}/{AzureConnectionString.DevelopmentAccountName};SharedAccessSignature={sas}";
                _store = new AzureBlobStore(AzuriteStores.Options(azurite, container) with { ConnectionString = connectionString });
            }

            return _store;
        }
    }

    public void Dispose() => _store?.Dispose();
}
