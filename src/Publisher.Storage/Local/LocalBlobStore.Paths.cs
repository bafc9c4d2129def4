namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    /// <summary>
    /// The absolute path of the file (or folder) that holds <paramref name="key"/>, whether or not it exists: for a
    /// host that lets a program on the same machine write blobs itself. Validates the key like every other call
    /// (<see cref="InvalidBlobKeyException"/>); the result is always under <see cref="RootDirectory"/>.
    /// </summary>
    public string GetLocalPath(string key) => ResolvePath(key);

    /// <summary>
    /// True only when the blob <paramref name="key"/> is a regular file reached without any symbolic link: not a link
    /// itself, not a FIFO, socket or device, and no folder between <see cref="RootDirectory"/> and it is a link (the
    /// root itself may be one). Use it before trusting files that another program wrote into the store, because every
    /// other call follows links and would read (and the web seed serve) whatever a link points to. Where the system
    /// cannot tell special files from regular ones (not Linux), links are still refused.
    /// </summary>
    public bool IsPlainFile(string key)
    {
        var path = ResolvePath(key);
        if (HasMissingOrLinkedFolder(path))
        {
            return false;
        }

        var file = new FileInfo(path);
        if (!file.Exists || file.LinkTarget is not null || (file.Attributes & (FileAttributes.ReparsePoint | FileAttributes.Directory | FileAttributes.Device)) != 0)
        {
            return false;
        }

        return UnixFileType.IsRegularFile(path) ?? true;
    }

    /// <summary>
    /// Deletes the folder <paramref name="key"/> (e.g. <c>staging/{id}</c>) with everything in it, without following
    /// any symbolic link: a link inside it, or the folder itself when it is a link, is removed, never what it points
    /// to. Then removes the parent folders left empty. Returns <see langword="false"/> when there is no folder or
    /// link there, or when a folder above it (below the root) is a link, which is left alone.
    /// </summary>
    public bool DeleteFolder(string key)
    {
        var path = ResolvePath(key);
        if (HasMissingOrLinkedFolder(path))
        {
            return false;
        }

        var folder = new DirectoryInfo(path);
        try
        {
            if (folder.LinkTarget is not null)
            {
                File.Delete(path);
            }
            else if (folder.Exists)
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                return false;
            }
        }
        catch (DirectoryNotFoundException)
        {
            return false; // Deleted by someone else meanwhile.
        }

        RemoveEmptyParents(Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>Whether a folder between the root (exclusive) and <paramref name="path"/> (exclusive) is missing or a link.</summary>
    private bool HasMissingOrLinkedFolder(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        while (directory.Length > _root.Length)
        {
            var info = new DirectoryInfo(directory);
            if (!info.Exists || info.LinkTarget is not null || (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                return true;
            }

            directory = Path.GetDirectoryName(directory)!;
        }

        return false;
    }
}
