using System.IO.Pipelines;

namespace Publisher.Storage;

/// <summary>
/// A store of payload blobs addressed by a relative key such as <c>releases/{id}/{path}</c>
/// (see <see cref="BlobKey"/> for the rules every key must follow).
/// Missing blobs are reported as values (<see langword="null"/> or <see langword="false"/>);
/// exceptions mean misuse (<see cref="InvalidBlobKeyException"/>) or a storage failure that
/// survived the store's retries (<see cref="BlobStoreException"/>, <see cref="IOException"/>).
/// </summary>
public interface IBlobStore
{
    /// <summary>Which implementation this is.</summary>
    BlobStoreKind Kind { get; }

    /// <summary>
    /// Writes <paramref name="content"/> (read from its current position to its end) as the blob
    /// <paramref name="key"/>, replacing any existing blob. The new blob becomes visible all at once
    /// when the call succeeds; a failed or cancelled put leaves the previous state.
    /// </summary>
    /// <returns>The properties of the stored blob.</returns>
    Task<BlobProperties> PutAsync(string key, Stream content, BlobPutOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what <paramref name="content"/> gives until it completes as the blob <paramref name="key"/>, like
    /// <see cref="PutAsync(string, Stream, BlobPutOptions?, CancellationToken)"/>; for a request body, so a store can
    /// take the received buffers as they are (the local store writes them with one vectored write per batch instead
    /// of copying them into a buffer first). The reader is not completed. The default reads it as a stream.
    /// </summary>
    Task<BlobProperties> PutAsync(string key, PipeReader content, BlobPutOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutAsync(key, content.AsStream(leaveOpen: true), options, cancellationToken);
    }

    /// <summary>
    /// Opens a read of <paramref name="length"/> bytes (or to the end when <see langword="null"/>)
    /// from <paramref name="offset"/>. The range is clamped to the blob: a range starting at or
    /// after the end gives an empty stream. Returns <see langword="null"/> when the blob does not exist.
    /// The caller disposes the stream.
    /// </summary>
    Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>Returns the blob's properties, or <see langword="null"/> when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string key, CancellationToken cancellationToken);

    /// <summary>Returns whether the blob exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; returns <see langword="false"/> when it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the blobs whose keys start with <paramref name="prefix"/> (empty for all), in ordinal key order.
    /// </summary>
    IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// A URL from which a plain HTTP client can GET (with Range) the blob for <paramref name="lifetime"/>,
    /// e.g. a service SAS URL for Azure; <see langword="null"/> when the store cannot issue one (local directory).
    /// </summary>
    ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// A URL to which a client can upload the blob directly for <paramref name="lifetime"/> (Azure: PUT with
    /// <c>x-ms-blob-type: BlockBlob</c>, or Put Block / Put Block List); <see langword="null"/> when unsupported.
    /// </summary>
    ValueTask<Uri?> GetDirectUploadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the blob <paramref name="sourceKey"/> to <paramref name="destinationKey"/>, replacing any blob there;
    /// returns <see langword="false"/> when the source does not exist. The destination becomes visible all at once.
    /// Stores that can rename (the local directory) do so without copying; the default copies through
    /// <see cref="OpenReadAsync"/> and <see cref="PutAsync(string, Stream, BlobPutOptions?, CancellationToken)"/> and then deletes the source.
    /// </summary>
    async Task<bool> MoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        var properties = await GetPropertiesAsync(sourceKey, cancellationToken).ConfigureAwait(false);
        var source = await OpenReadAsync(sourceKey, 0, null, cancellationToken).ConfigureAwait(false);
        if (properties is null || source is null)
        {
            return false;
        }

        await using (source.ConfigureAwait(false))
        {
            await PutAsync(destinationKey, source, new BlobPutOptions { Length = properties.Length, ContentType = properties.ContentType }, cancellationToken).ConfigureAwait(false);
        }

        await DeleteAsync(sourceKey, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The local file holding the blob, for zero-copy sending (<c>SendFileAsync</c>); <see langword="null"/>
    /// when the store is remote or the blob does not exist.
    /// </summary>
    string? TryGetPhysicalPath(string key);
}
