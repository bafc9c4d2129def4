namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    /// <summary>
    /// Renames the source file onto the destination (same root, so the same volume): no byte is copied, and the
    /// destination appears all at once. With <see cref="LocalBlobStoreOptions.FlushToDisk"/>, a regular source file is
    /// flushed to the disk first: a file that another program wrote into the store (a local upload) was never
    /// flushed by a put. Returns <see langword="false"/> when the source does not exist.
    /// </summary>
    public Task<bool> MoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var source = ResolvePath(sourceKey);
        var destination = ResolvePath(destinationKey);
        if (!File.Exists(source))
        {
            return Task.FromResult(false);
        }

        try
        {
            if (_options.FlushToDisk)
            {
                FlushFile(source);
            }

            MoveIntoPlace(source, destination);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult(false); // Deleted between the check and the rename.
        }

        RemoveEmptyParents(Path.GetDirectoryName(source)!);
        return Task.FromResult(true);
    }

    private static void FlushFile(string path)
    {
        // Opening a FIFO would wait for a writer, and a link's target is not the store's: flush regular files only
        // (null: the system cannot tell, flush).
        if (UnixFileType.IsRegularFile(path) == false)
        {
            return;
        }

        // fsync works on a read-only descriptor; Windows' FlushFileBuffers needs write access.
        var access = OperatingSystem.IsWindows() ? FileAccess.ReadWrite : FileAccess.Read;
        using var handle = File.OpenHandle(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.FlushToDisk(handle);
    }
}
