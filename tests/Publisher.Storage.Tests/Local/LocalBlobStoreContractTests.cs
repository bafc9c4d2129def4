using Publisher.Storage.Local;
using Publisher.TestSupport;

namespace Publisher.Storage.Tests.Local;

public sealed class LocalBlobStoreContractTests : BlobStoreContractTests, IDisposable
{
    private readonly TempDirectory _root = new("publisher-blobs");
    private readonly LocalBlobStore _store;

    public LocalBlobStoreContractTests()
    {
        _store = new LocalBlobStore(new LocalBlobStoreOptions { RootDirectory = _root.Path });
    }

    protected override IBlobStore Store => _store;

    public void Dispose() => _root.Dispose();
}
