using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Publisher.Storage.Local;

/// <summary>
/// Blobs as files under a root directory: the key <c>a/b/c</c> is the file <c>{root}/a/b/c</c>.
/// Puts write to <c>{root}/.incoming/</c> and rename into place, so a blob is never half visible.
/// The ETag is derived from the file's length and last-write time. The content type is not kept.
/// Unlike Azure, a key cannot be both a blob and a folder of blobs (<c>a</c> and <c>a/b</c>).
/// </summary>
public sealed partial class LocalBlobStore : IBlobStore
{
    /// <summary>The top-level folder that holds unfinished uploads; keys may not start with it.</summary>
    public const string IncomingFolderName = ".incoming";

    private const string DefaultContentType = "application/octet-stream";

    private readonly LocalBlobStoreOptions _options;
    private readonly string _root;
    private readonly string _incoming;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store, creating the root directory if needed and removing stale unfinished uploads.</summary>
    public LocalBlobStore(LocalBlobStoreOptions options, ILogger<LocalBlobStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RootDirectory));
        _incoming = Path.Combine(_root, IncomingFolderName);
        Directory.CreateDirectory(_incoming);
        CleanStaleUploads();
    }

    /// <inheritdoc />
    public BlobStoreKind Kind => BlobStoreKind.Local;

    /// <summary>The absolute root directory.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var path = ResolvePath(key);
        FileStream file;
        try
        {
            // bufferSize 1: no FileStream buffer; callers read in large chunks (the web seed sends pieces).
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
            || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // Missing, or a folder of other blobs ("a" when "a/b" is stored): not a blob.
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            var total = file.Length;
            var start = Math.Min(offset, total);
            var available = total - start;
            var count = length is { } requested ? Math.Min(requested, available) : available;
            file.Position = start;
            return Task.FromResult<Stream?>(new FileRangeStream(file, count));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<BlobProperties?> GetPropertiesAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = new FileInfo(ResolvePath(key));
        return Task.FromResult(info.Exists ? ToProperties(key, info) : null);
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (File.Exists(ResolvePath(key)))
        {
            return Task.FromResult(true);
        }

        // A missing blob is an answer only while the store itself is there: a vanished root (unmounted volume,
        // deleted data directory) is a broken store, not an empty one.
        if (!Directory.Exists(_incoming))
        {
            throw new BlobStoreException($"The local blob store's directory '{_root}' (or its '{IncomingFolderName}' folder) no longer exists.");
        }

        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = ResolvePath(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        RemoveEmptyParents(Path.GetDirectoryName(path)!);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    /// <remarks>Folders that are symbolic links below the listed folder are not descended into.</remarks>
    public async IAsyncEnumerable<BlobProperties> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var directory = lastSlash < 0 ? _root : Path.Combine(_root, prefix[..lastSlash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var found = new List<(string Key, FileInfo Info)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var files = new FileSystemEnumerable<FileInfo>(directory, static (ref entry) => (FileInfo)entry.ToFileSystemInfo(), options)
        {
            ShouldIncludePredicate = static (ref entry) => !entry.IsDirectory,
            // A link to a folder is not descended into: it may loop, or lead out of the store (and a delete of what
            // the listing gave would then delete files elsewhere).
            ShouldRecursePredicate = static (ref entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var info in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(_root, info.FullName);
            if (Path.DirectorySeparatorChar != '/')
            {
                relative = relative.Replace(Path.DirectorySeparatorChar, '/');
            }

            if (relative.StartsWith(IncomingFolderName + "/", StringComparison.Ordinal)
                || !relative.StartsWith(prefix, StringComparison.Ordinal)
                || !BlobKey.IsValid(relative))
            {
                continue;
            }

            found.Add((relative, info));
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (key, info) in found)
        {
            info.Refresh();
            if (info.Exists)
            {
                yield return ToProperties(key, info);
            }
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ResolvePath(key);
        return ValueTask.FromResult<Uri?>(null);
    }

    /// <inheritdoc />
    public ValueTask<Uri?> GetDirectUploadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ResolvePath(key);
        return ValueTask.FromResult<Uri?>(null);
    }

    /// <inheritdoc />
    public string? TryGetPhysicalPath(string key)
    {
        var path = ResolvePath(key);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The file path for a key; validates the key and checks the result stays under the root.</summary>
    internal string ResolvePath(string key)
    {
        BlobKey.Validate(key);
        if (key.StartsWith(IncomingFolderName + "/", StringComparison.Ordinal) || key == IncomingFolderName)
        {
            throw new InvalidBlobKeyException($"Invalid blob key '{key}': '{IncomingFolderName}' is reserved by the local store.", nameof(key));
        }

        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidBlobKeyException($"Invalid blob key '{key}': it resolves outside the store's root.", nameof(key));
        }

        return path;
    }

    private static BlobProperties ToProperties(string key, FileInfo info)
    {
        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        var etag = $"\"{info.Length:x}-{modified.UtcTicks:x}\"";
        return new BlobProperties(key, info.Length, etag, modified, DefaultContentType);
    }

    private void RemoveEmptyParents(string directory)
    {
        while (directory.Length > _root.Length && directory.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    return;
                }

                Directory.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // Raced with a put creating a file here, or not ours to remove: leave the directory.
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }
}
