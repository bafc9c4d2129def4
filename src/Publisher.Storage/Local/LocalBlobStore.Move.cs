namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    /// <summary>
    /// Renames the source file onto the destination (same root, so the same volume): no byte is copied, and the
    /// destination appears all at once. Returns <see langword="false"/> when the source does not exist.
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
            MoveIntoPlace(source, destination);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult(false); // Deleted between the check and the rename.
        }

        RemoveEmptyParents(Path.GetDirectoryName(source)!);
        return Task.FromResult(true);
    }
}
