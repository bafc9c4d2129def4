using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Publisher.Storage.Azure;
using Publisher.Storage.Local;

namespace Publisher.Storage;

/// <summary>Makes the configured <see cref="IBlobStore"/> (the one place that knows every implementation).</summary>
public static class BlobStoreFactory
{
    /// <summary>The local store's folder under the data directory when <see cref="StorageOptions.RootDirectory"/> is not set.</summary>
    public const string DefaultLocalFolder = "blobs";

    /// <summary>
    /// Creates the store <paramref name="options"/> names. <paramref name="dataDirectory"/> is
    /// <c>Publisher:DataDirectory</c>, under which the local store lives by default.
    /// </summary>
    public static IBlobStore Create(StorageOptions options, string dataDirectory, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        return options.Kind switch
        {
            BlobStoreKind.AzureBlob => new AzureBlobStore(options.ToAzureOptions(), handler: null, loggerFactory.CreateLogger<AzureBlobStore>(), timeProvider),
            _ => new LocalBlobStore(
                new LocalBlobStoreOptions { RootDirectory = options.RootDirectory ?? Path.Combine(dataDirectory, DefaultLocalFolder) },
                loggerFactory.CreateLogger<LocalBlobStore>(),
                timeProvider),
        };
    }
}
