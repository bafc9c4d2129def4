using Publisher.Storage;
using Publisher.Storage.Local;

namespace Publisher.Service.Releases;

/// <summary>
/// Where uploads wait in the blob store before their release is registered: <c>staging/{upload id}/{path}</c>,
/// where the path is the file's path inside the torrent (<c>name</c> or <c>name/sub/file</c>). Nothing serves
/// these keys; registering the release moves them to <c>releases/{info hash}/...</c> (a rename in the local store).
/// </summary>
internal static class UploadStaging
{
    /// <summary>The top-level folder of staged uploads in the blob store.</summary>
    public const string Root = "staging";

    /// <summary>What follows the upload id in the name of its proof file.</summary>
    public const string ProofSuffix = ".proof";

    /// <summary>How long staged files wait for their release to be registered before a sweep removes them.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A new upload id: 32 lowercase hex digits.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>True when <paramref name="id"/> is 32 lowercase hex digits (what <see cref="NewId"/> makes).</summary>
    public static bool IsValidId(string? id)
    {
        if (id is null || id.Length != 32)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The prefix of every staged file of the upload (ends with '/').</summary>
    public static string Prefix(string id) => string.Concat(Root, "/", id, "/");

    /// <summary>The key of the upload's staging folder (<c>staging/{id}</c>, no trailing '/').</summary>
    public static string Folder(string id) => string.Concat(Root, "/", id);

    /// <summary>The staging key of one file of the upload.</summary>
    public static string Key(string id, string torrentPath) => string.Concat(Root, "/", id, "/", torrentPath);

    /// <summary>
    /// The key of the upload's proof file for local uploads: <c>staging/{id}.proof</c>, beside the staging folder, so
    /// no path inside the torrent can name it.
    /// </summary>
    public static string ProofKey(string id) => string.Concat(Root, "/", id, ProofSuffix);

    /// <summary>
    /// Deletes every staged file of upload <paramref name="id"/> and its proof file. In the local store the staging
    /// folder goes whole, links and empty folders a local client left included, without following any link.
    /// </summary>
    public static async Task DeleteAsync(IBlobStore store, string id, CancellationToken cancellationToken)
    {
        if (LocalUploads.Find(store) is { } local)
        {
            local.DeleteFolder(Folder(id));
            await store.DeleteAsync(ProofKey(id), cancellationToken);
            return;
        }

        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(Prefix(id), cancellationToken))
        {
            keys.Add(blob.Key);
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
    }

    /// <summary>Deletes the proof file of upload <paramref name="id"/>, if the store has one (local uploads).</summary>
    public static async Task DeleteProofAsync(IBlobStore store, string id, CancellationToken cancellationToken)
    {
        if (LocalUploads.Find(store) is not null)
        {
            await store.DeleteAsync(ProofKey(id), cancellationToken);
        }
    }

    /// <summary>
    /// Deletes staged files and proof files last written before <paramref name="cutoff"/>; in the local store also
    /// the staging folders older than that which have no proof file left (an upload whose client stopped before
    /// writing anything, or left links or empty folders). Returns how many files and folders went.
    /// </summary>
    public static async Task<int> SweepAsync(IBlobStore store, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(Root + "/", cancellationToken))
        {
            if (blob.LastModified < cutoff)
            {
                keys.Add(blob.Key);
            }
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        return keys.Count + (LocalUploads.Find(store) is { } local ? SweepFolders(local, cutoff) : 0);
    }

    private static int SweepFolders(LocalBlobStore store, DateTimeOffset cutoff)
    {
        var root = new DirectoryInfo(store.GetLocalPath(Root));
        if (!root.Exists)
        {
            return 0;
        }

        var removed = 0;
        foreach (var entry in root.EnumerateFileSystemInfos())
        {
            // Folders, and links (to folders or dangling); a regular file here is a proof file, swept above.
            if ((entry is FileInfo && entry.LinkTarget is null) || !IsValidId(entry.Name)
                || entry.LastWriteTimeUtc >= cutoff.UtcDateTime || File.Exists(store.GetLocalPath(ProofKey(entry.Name))))
            {
                continue;
            }

            if (store.DeleteFolder(Folder(entry.Name)))
            {
                removed++;
            }
        }

        return removed;
    }
}
