namespace Publisher.Torrent.Metainfo.Creation;

public static partial class TorrentBuilder
{
    /// <summary>
    /// The files <see cref="CreateAsync"/> would put into a torrent of <paramref name="path"/>, in torrent order, with
    /// their paths inside the torrent: what an uploader sends alongside the hashing so both see the same files.
    /// </summary>
    /// <exception cref="TorrentCreationException">The path is missing, holds no files, or a name cannot go into a torrent.</exception>
    public static IReadOnlyList<TorrentSourceFile> ListFiles(string path)
    {
        var (name, isDirectory, files) = SourceScanner.Scan(path);
        var result = new TorrentSourceFile[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            var file = files[i];
            var torrentPath = isDirectory ? name + "/" + string.Join('/', file.PathComponents) : name;
            result[i] = new TorrentSourceFile(file.FullPath, torrentPath, file.Length);
        }

        return result;
    }
}
