using Publisher.Storage;
using Publisher.Storage.Azure;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

/// <summary>
/// Uploads one file straight to Azure Blob Storage with the write-only SAS URL the service issued for its staging
/// blob: the storage library's REST client (Put Block in parallel, then Put Block List) over a SAS connection string,
/// so the bytes never pass through the service.
/// </summary>
internal static class DirectBlobUpload
{
    /// <summary>Null when stored, else one line saying why not.</summary>
    public static async Task<string?> PutAsync(Uri sasUrl, string? blobKey, TorrentSourceFile file, Action<long>? sent, CancellationToken cancellationToken)
    {
        if (!TrySplit(sasUrl, blobKey, out var endpoint, out var container))
        {
            return $"the server gave a direct upload URL that does not end with the blob key '{blobKey}'";
        }

        var options = new AzureBlobStoreOptions
        {
            ConnectionString = $"BlobEndpoint={endpoint};SharedAccessSignature={sasUrl.Query.TrimStart('?')}",
            Container = container,
            CreateContainerIfMissing = false,
        };
        try
        {
            using var store = new AzureBlobStore(options);
            var stream = new FileStream(file.FullPath, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0, Options = FileOptions.SequentialScan });
            await using (stream.ConfigureAwait(false))
            {
                await using var counted = new CountingReadStream(stream, sent);
                await store.PutAsync(blobKey!, counted, new BlobPutOptions { Length = file.Length }, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception exception) when (exception is BlobStoreException or IOException or HttpRequestException or ArgumentException)
        {
            return exception.Message;
        }
    }

    /// <summary>Splits <c>{endpoint}/{container}/{key}?{sas}</c>, knowing the key.</summary>
    internal static bool TrySplit(Uri sasUrl, string? blobKey, out string endpoint, out string container)
    {
        endpoint = container = string.Empty;
        var path = Uri.UnescapeDataString(sasUrl.AbsolutePath);
        if (string.IsNullOrEmpty(blobKey) || !path.EndsWith("/" + blobKey, StringComparison.Ordinal))
        {
            return false;
        }

        var containerPath = path[..^(blobKey.Length + 1)];
        var slash = containerPath.LastIndexOf('/');
        if (slash < 0 || slash == containerPath.Length - 1)
        {
            return false;
        }

        container = containerPath[(slash + 1)..];
        endpoint = sasUrl.GetLeftPart(UriPartial.Authority) + containerPath[..slash];
        return true;
    }
}
