using System.Security.Cryptography;
using System.Text;
using Publisher.Storage;
using Publisher.Storage.Local;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Releases;

/// <summary>
/// Local uploads (<see cref="ReleaseLimitsOptions.LocalUploads"/>): a client on the service's machine writes the staged
/// files straight into the local store's staging folder, so a publish costs no HTTP transfer. The service prepares the
/// folder and a proof file the client must be able to read, and checks at registration that nothing staged is a link
/// or a special file. Only the <see cref="LocalBlobStore"/> itself qualifies: a wrapper around it (or any other store)
/// is not known to keep its blobs at the paths the local store gives, so it gets HTTP targets only.
/// </summary>
internal static class LocalUploads
{
    /// <summary>The staging folder's mode: the service's user only.</summary>
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The proof file's mode: readable by the service's user only, so reading it proves being that user.</summary>
    private const UnixFileMode ProofMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The local store behind <paramref name="store"/>, or null when blobs are not files the client could write.</summary>
    public static LocalBlobStore? Find(IBlobStore store) => store as LocalBlobStore;

    /// <summary>
    /// Creates the staging folder of upload <paramref name="id"/>, every folder its <paramref name="paths"/> (torrent
    /// paths, already validated) need, and its proof file; returns what the client needs. The service makes the
    /// folders so they are its own whoever writes the files (a client running as root would otherwise leave folders
    /// the service could not move files out of).
    /// </summary>
    public static async Task<LocalUploadTarget> PrepareAsync(LocalBlobStore store, string id, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var directory = store.GetLocalPath(UploadStaging.Folder(id));
        CreateFolder(directory);
        foreach (var path in paths)
        {
            CreateFolder(Path.GetDirectoryName(store.GetLocalPath(UploadStaging.Key(id, path)))!);
        }

        var proof = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var proofFile = store.GetLocalPath(UploadStaging.ProofKey(id));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ProofMode;
        }

        await using (var file = new FileStream(proofFile, options))
        {
            await file.WriteAsync(Encoding.ASCII.GetBytes(proof), cancellationToken);
        }

        return new LocalUploadTarget(directory, proofFile, proof);
    }

    private static void CreateFolder(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, FolderMode);
        }
    }

    /// <summary>
    /// Why the staged files of <paramref name="torrent"/> cannot be taken as they are: the first one present that is a
    /// symbolic link, a special file or under a linked folder; null when none is. Missing files are left to the size
    /// check.
    /// </summary>
    public static async Task<string?> FindLinkOrSpecialFileAsync(LocalBlobStore store, string uploadId, TorrentInfo torrent, CancellationToken cancellationToken)
    {
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile)
            {
                continue;
            }

            var key = UploadStaging.Key(uploadId, file.PathString);
            if (!store.IsPlainFile(key) && await store.GetPropertiesAsync(key, cancellationToken) is not null)
            {
                return $"'{file.PathString}' was staged as a symbolic link, a special file or under a linked folder: links and special files are not accepted, stage regular files.";
            }
        }

        return null;
    }
}
