namespace Publisher.Torrent.Metainfo;

/// <summary>
/// Maps a torrent's file paths under a download folder, refusing any path that would land outside it.
/// The engine and the CLI use this for every file they create, read or verify.
/// </summary>
public static class TorrentFilePaths
{
    /// <summary>
    /// The full path where <paramref name="file"/> lives under <paramref name="downloadDirectory"/>.
    /// </summary>
    /// <exception cref="InvalidTorrentException">The path is unsafe or resolves outside the folder.</exception>
    public static string GetFullPath(string downloadDirectory, TorrentFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return GetFullPath(downloadDirectory, file.Path);
    }

    /// <summary>
    /// The full path of the relative <paramref name="pathComponents"/> under <paramref name="downloadDirectory"/>.
    /// Every component is checked, and the combined path must resolve strictly inside the folder.
    /// </summary>
    /// <exception cref="InvalidTorrentException">The path is unsafe or resolves outside the folder.</exception>
    public static string GetFullPath(string downloadDirectory, IReadOnlyList<string> pathComponents)
    {
        ArgumentException.ThrowIfNullOrEmpty(downloadDirectory);
        ArgumentNullException.ThrowIfNull(pathComponents);
        TorrentPathRules.Validate(pathComponents, "a file");
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(downloadDirectory));
        var combined = root;
        foreach (var component in pathComponents)
        {
            combined = Path.Join(combined, component);
        }

        var full = Path.GetFullPath(combined);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, comparison) || full.Length == prefix.Length)
        {
            throw new InvalidTorrentException($"The file '{TorrentPathRules.Describe(pathComponents)}' would be written outside the download folder '{root}'; it is refused.");
        }

        return full;
    }
}
