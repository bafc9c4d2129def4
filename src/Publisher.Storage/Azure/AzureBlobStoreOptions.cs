namespace Publisher.Storage.Azure;

/// <summary>Options of <see cref="AzureBlobStore"/>.</summary>
public sealed record AzureBlobStoreOptions
{
    /// <summary>
    /// An Azure Storage connection string with an <c>AccountKey</c> (Shared Key; needed for SAS URLs and
    /// container creation) or a <c>SharedAccessSignature</c> (the container must exist). Required.
    /// </summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary>The container (3-63 lowercase letters, digits and single dashes). Default: <c>publisher</c>.</summary>
    public string Container { get; init; } = "publisher";

    /// <summary>Create the container on first use when it is missing (needs an account key). Default: <see langword="true"/>.</summary>
    public bool CreateContainerIfMissing { get; init; } = true;

    /// <summary>
    /// Block size for block uploads; blobs up to this size go in a single Put Blob. Each block in flight is
    /// buffered (so a retry re-sends the same bytes): memory use is about (<see cref="MaxConcurrency"/> + 1) blocks.
    /// Default: 8 MiB; 64 KiB to 1 GiB.
    /// </summary>
    public int BlockSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Blocks of one blob uploaded at once. Default: 4; 1 to 64.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Retries after the first attempt of each request. Default: 6; 0 to 50.</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>The first retry delay, doubled per attempt with jitter. Default: 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts, including a server's <c>Retry-After</c>. Default: 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one attempt of one request (for reads: until the headers arrive). Default: 2 minutes.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How far SAS start times are set back to allow for clock skew. Default: 5 minutes.</summary>
    public TimeSpan SasClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range (the connection string is parsed too).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("AzureBlobStoreOptions.ConnectionString is required.", nameof(ConnectionString));
        }

        AzureConnectionString.Parse(ConnectionString);
        if (!IsValidContainerName(Container))
        {
            throw new ArgumentException($"AzureBlobStoreOptions.Container '{Container}' is not a valid container name (3-63 lowercase letters, digits, single dashes).", nameof(Container));
        }

        if (BlockSize < 64 * 1024 || BlockSize > StorageLimits.MaxBufferedBlockSize)
        {
            throw new ArgumentException("AzureBlobStoreOptions.BlockSize must be between 64 KiB and 1 GiB.", nameof(BlockSize));
        }

        if (MaxConcurrency is < 1 or > 64)
        {
            throw new ArgumentException("AzureBlobStoreOptions.MaxConcurrency must be between 1 and 64.", nameof(MaxConcurrency));
        }

        if (MaxRetryAttempts is < 0 or > 50)
        {
            throw new ArgumentException("AzureBlobStoreOptions.MaxRetryAttempts must be between 0 and 50.", nameof(MaxRetryAttempts));
        }

        if (RetryBaseDelay <= TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay || AttemptTimeout <= TimeSpan.Zero || SasClockSkew < TimeSpan.Zero)
        {
            throw new ArgumentException("AzureBlobStoreOptions delays and timeouts must be positive, and MaxRetryDelay at least RetryBaseDelay.");
        }
    }

    private static bool IsValidContainerName(string name)
    {
        if (name is null || name.Length is < 3 or > 63 || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || (c == '-' && name[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
