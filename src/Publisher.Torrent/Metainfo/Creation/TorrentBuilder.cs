namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// Creates .torrent files (v1, v2 or hybrid) from a file or a directory. The output depends only on the
/// data and the options (files sorted by path, no creation date unless asked), so building twice gives
/// the same bytes.
/// </summary>
public static partial class TorrentBuilder
{
    /// <summary>Hashes <paramref name="path"/> and returns the encoded torrent with its info hashes.</summary>
    /// <param name="path">A file (single-file torrent named after it) or a directory (multi-file torrent named after it).</param>
    /// <param name="options">What to write; null for the defaults (hybrid, automatic piece length, all cores).</param>
    /// <param name="progress">Receives bytes hashed so far, from worker threads; may be null.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <exception cref="TorrentCreationException">The path is missing or empty, a file cannot be read or changed while hashing, a copy cannot be written, or an option is out of range.</exception>
    public static async Task<CreatedTorrent> CreateAsync(string path, TorrentBuilderOptions? options, IProgress<TorrentCreationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TorrentBuilderOptions();
        options.Validate();
        var (name, isDirectory, files) = SourceScanner.Scan(path);
        var dataLength = 0L;
        foreach (var file in files)
        {
            dataLength += file.Length;
        }

        if (dataLength == 0)
        {
            throw new TorrentCreationException($"'{path}' holds no data: every file is empty.");
        }

        var pieceLength = options.PieceLength ?? PieceLengthTable.Choose(dataLength);
        var layout = new CreationLayout(files, pieceLength, options.Format);
        using var copy = options.CopyDestination is { } destination ? CreationCopy.Create(layout, name, isDirectory, destination) : null;
        var hashes = await HashingPipeline.RunAsync(layout, options.Threads, progress, copy, cancellationToken).ConfigureAwait(false);
        return Encode(name, isDirectory, layout, hashes, options);
    }
}
