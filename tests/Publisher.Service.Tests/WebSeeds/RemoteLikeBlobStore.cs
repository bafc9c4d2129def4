using Publisher.Storage;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>
/// A local store dressed as a remote one: no physical paths (so the web seed streams ranged reads, as for Azure) and,
/// when asked, direct read URLs (as Azure SAS URLs) pointing at <paramref name="directBase"/>.
/// </summary>
internal sealed class RemoteLikeBlobStore(IBlobStore inner, Uri? directBase) : IBlobStore
{
    public BlobStoreKind Kind => BlobStoreKind.AzureBlob;

    public int OpenReads { get; private set; }

    public Task<BlobProperties> PutAsync(string key, Stream content, BlobPutOptions? options, CancellationToken cancellationToken) => inner.PutAsync(key, content, options, cancellationToken);

    public Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        OpenReads++;
        return inner.OpenReadAsync(key, offset, length, cancellationToken);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string key, CancellationToken cancellationToken) => inner.GetPropertiesAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken) =>
        ValueTask.FromResult(directBase is null ? null : new Uri(directBase, key + "?sig=test&se=" + (int)lifetime.TotalSeconds));

    public ValueTask<Uri?> GetDirectUploadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken) => ValueTask.FromResult<Uri?>(null);

    public string? TryGetPhysicalPath(string key) => null;
}
