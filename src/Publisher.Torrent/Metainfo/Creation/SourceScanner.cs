using System.IO.Enumeration;
using System.Text;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// Lists the files under a path in the one order every tool must agree on: path components compared
/// one by one as UTF-8 bytes (the order of keys in a BEP 52 <c>file tree</c>).
/// </summary>
internal static class SourceScanner
{
    /// <summary>The torrent name and its files, sorted.</summary>
    public static (string Name, bool IsDirectory, SourceFile[] Files) Scan(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var trimmed = Path.TrimEndingDirectorySeparator(fullPath);
        var name = Path.GetFileName(trimmed);
        if (string.IsNullOrEmpty(name))
        {
            throw new TorrentCreationException($"'{path}' has no name to give the torrent; use a file or a directory below the root.");
        }

        RequireUsableName(name, path);
        if (File.Exists(trimmed))
        {
            return (name, false, [new SourceFile(trimmed, [name], Resolve(trimmed).Length)]);
        }

        if (!Directory.Exists(trimmed))
        {
            throw new TorrentCreationException($"'{path}' does not exist.");
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        // Symbolic links to files are shared as the file they point to; links to directories are not
        // followed, so a link back up the tree cannot loop.
        var entries = new FileSystemEnumerable<string>(trimmed, static (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = static (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        var files = new List<SourceFile>();
        foreach (var entry in entries)
        {
            var file = Resolve(entry);
            if (!file.Exists)
            {
                throw new TorrentCreationException($"'{entry}' cannot be read: it is a broken link or disappeared while the folder was listed.");
            }

            if (files.Count >= ProtocolLimits.CreationMaxFiles)
            {
                throw new TorrentCreationException($"'{path}' holds more than {ProtocolLimits.CreationMaxFiles} files.");
            }

            var relative = Path.GetRelativePath(trimmed, entry);
            var components = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (components.Length + 1 > ProtocolLimits.MaxPathDepth)
            {
                throw new TorrentCreationException($"'{entry}' is nested deeper than the {ProtocolLimits.MaxPathDepth} folders a torrent may hold.");
            }

            foreach (var component in components)
            {
                RequireUsableName(component, entry);
            }

            files.Add(new SourceFile(entry, components, file.Length));
        }

        if (files.Count == 0)
        {
            throw new TorrentCreationException($"'{path}' holds no files.");
        }

        var array = files.ToArray();
        Array.Sort(array, static (a, b) => ComparePaths(a.PathComponents, b.PathComponents));
        return (name, true, array);
    }

    /// <summary>The file itself, or for a symbolic link the file it finally points to (whose size counts).</summary>
    private static FileInfo Resolve(string path)
    {
        var file = new FileInfo(path);
        return file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
    }

    /// <summary>
    /// Fails before any hashing when a name could not go into a torrent (the parser refuses names some
    /// system cannot create, such as "CON" or "a:b", so every client can use what we publish).
    /// </summary>
    private static void RequireUsableName(string component, string where)
    {
        if (TorrentPathRules.GetProblem(component) is { } problem)
        {
            throw new TorrentCreationException($"'{where}' cannot go into a torrent: its name has {problem}. Rename it and try again.");
        }
    }

    /// <summary>Compares two paths component by component, each as UTF-8 bytes.</summary>
    public static int ComparePaths(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            var order = CompareUtf8(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static int CompareUtf8(string a, string b)
    {
        // UTF-16 ordinal order differs from UTF-8 byte order only around surrogates; compare the bytes.
        var left = Encoding.UTF8.GetBytes(a);
        var right = Encoding.UTF8.GetBytes(b);
        return left.AsSpan().SequenceCompareTo(right);
    }
}
