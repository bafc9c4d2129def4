namespace Publisher.Storage.Local;

/// <summary>Options of <see cref="LocalBlobStore"/>.</summary>
public sealed record LocalBlobStoreOptions
{
    /// <summary>
    /// The directory holding the blobs (created when missing). Required; the service defaults it to
    /// <c>{Publisher:DataDirectory}/blobs</c>.
    /// </summary>
    public string RootDirectory { get; init; } = string.Empty;

    /// <summary>
    /// Whether a put flushes the file to the disk (fsync) before making it visible, so a power loss cannot
    /// leave a visible but empty blob. Default: <see langword="true"/>.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Unfinished uploads older than this are deleted when the store starts. Default: 1 hour.</summary>
    public TimeSpan StaleUploadAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootDirectory))
        {
            throw new ArgumentException("LocalBlobStoreOptions.RootDirectory is required.", nameof(RootDirectory));
        }

        if (StaleUploadAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("LocalBlobStoreOptions.StaleUploadAge must be positive.", nameof(StaleUploadAge));
        }
    }
}
