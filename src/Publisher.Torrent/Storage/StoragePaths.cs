namespace Publisher.Torrent.Storage;

/// <summary>Where a torrent's file lives below a target directory; never outside it.</summary>
internal static class StoragePaths
{
    /// <summary>
    /// The full path of <paramref name="components"/> below <paramref name="directory"/>. Throws
    /// <see cref="InvalidOperationException"/> if the result escapes the directory: the parser rejects
    /// such paths, so reaching this is a bug, and this check keeps it from touching other files.
    /// </summary>
    public static string Resolve(string directory, IReadOnlyList<string> components)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var parts = new string[components.Count + 1];
        parts[0] = root;
        for (var i = 0; i < components.Count; i++)
        {
            parts[i + 1] = components[i];
        }

        var full = Path.GetFullPath(Path.Combine(parts));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The torrent path '{string.Join('/', components)}' resolves outside '{root}'.");
        }

        return full;
    }
}
