namespace Publisher.Storage;

/// <summary>
/// The blob store a host uses, bound from the configuration section <c>Publisher:Storage</c>
/// (e.g. <c>Publisher__Storage__Kind=AzureBlob</c>). Finer Azure tuning goes through
/// <see cref="Azure.AzureBlobStoreOptions"/> when the store is constructed directly.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Publisher:Storage";

    /// <summary>Which store to use. Default: <see cref="BlobStoreKind.Local"/>.</summary>
    public BlobStoreKind Kind { get; init; } = BlobStoreKind.Local;

    /// <summary>
    /// The local store's directory. Default: <see langword="null"/>, meaning <c>{Publisher:DataDirectory}/blobs</c>.
    /// </summary>
    public string? RootDirectory { get; init; }

    /// <summary>The Azure Storage connection string (AccountKey or SharedAccessSignature). Required for <see cref="BlobStoreKind.AzureBlob"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The Azure container. Default: <c>publisher</c>.</summary>
    public string Container { get; init; } = "publisher";

    /// <summary>Throws <see cref="ArgumentException"/> when the options cannot make a store.</summary>
    public void Validate()
    {
        switch (Kind)
        {
            case BlobStoreKind.Local:
                if (RootDirectory is not null && string.IsNullOrWhiteSpace(RootDirectory))
                {
                    throw new ArgumentException("Publisher:Storage:RootDirectory must not be blank.", nameof(RootDirectory));
                }

                break;
            case BlobStoreKind.AzureBlob:
                if (string.IsNullOrWhiteSpace(ConnectionString))
                {
                    throw new ArgumentException("Publisher:Storage:ConnectionString is required when Publisher:Storage:Kind is AzureBlob.", nameof(ConnectionString));
                }

                ToAzureOptions().Validate();
                break;
            default:
                throw new ArgumentException($"Publisher:Storage:Kind '{Kind}' is not Local or AzureBlob.", nameof(Kind));
        }
    }

    internal Azure.AzureBlobStoreOptions ToAzureOptions() => new()
    {
        ConnectionString = ConnectionString ?? string.Empty,
        Container = Container,
    };
}
