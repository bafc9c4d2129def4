using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.Storage;

/// <summary>
/// Checks data on disk against a torrent: every v1 piece (SHA-1) and every v2 piece (its merkle subtree
/// against the piece layer, or the file's pieces root for files of one piece). Files are found below a
/// directory the way a download lays them out (multi-file torrents in a folder named after the torrent),
/// through <see cref="TorrentFilePaths"/>, so nothing outside the directory is touched.
/// </summary>
public static class TorrentVerifier
{
    /// <summary>Verifies <paramref name="torrent"/>'s files below <paramref name="directory"/>.</summary>
    /// <param name="torrent">The torrent. A v2-only torrent without piece layers (from a magnet link) fails every file larger than one piece.</param>
    /// <param name="directory">The folder the torrent was downloaded into.</param>
    /// <param name="threads">Hashing threads; 0 for one per core.</param>
    /// <param name="progress">Receives bytes checked so far, from worker threads; may be null.</param>
    /// <param name="cancellationToken">Stops verification.</param>
    /// <returns>Bad pieces and a verdict per file. Missing, short and unreadable files are reported, not thrown.</returns>
    public static Task<VerificationReport> VerifyAsync(TorrentInfo torrent, string directory, int threads, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var layout = CreateLayout(torrent);
        var bytes = progress is null ? null : new Progress(progress, layout.TotalLength);
        return LayoutVerifier.RunAsync(layout, directory, threads == 0 ? Environment.ProcessorCount : Math.Min(threads, ProtocolLimits.CreationMaxThreads), bytes, cancellationToken);
    }

    /// <summary>The storage view of <paramref name="torrent"/>'s files.</summary>
    internal static StorageLayout CreateLayout(TorrentInfo torrent)
    {
        var files = new StorageFile[torrent.Files.Count];
        for (var i = 0; i < files.Length; i++)
        {
            var file = torrent.Files[i];
            files[i] = new StorageFile(file.Path, file.Length, file.IsPadFile, file.PiecesRoot, file.PieceLayer);
        }

        var hasV2 = (torrent.Version & TorrentVersion.V2) != 0;
        var layout = new StorageLayout(files, torrent.PieceLength, torrent.PieceHashesV1, hasV2);
        if (layout.TotalLength != torrent.TotalSize || layout.PieceCount != torrent.PieceCount)
        {
            throw new InvalidOperationException($"The storage layout of '{torrent.Name}' ({layout.TotalLength} bytes, {layout.PieceCount} pieces) disagrees with the parser ({torrent.TotalSize} bytes, {torrent.PieceCount} pieces).");
        }

        return layout;
    }

    private sealed class Progress(IProgress<VerificationProgress> inner, long total) : IProgress<long>
    {
        public void Report(long value) => inner.Report(new VerificationProgress(value, total));
    }
}
