using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;

namespace Publisher.Torrent.Tests.Storage;

/// <summary>Builds a <see cref="StorageLayout"/> straight from the creation pipeline, independent of parsing.</summary>
internal static class StorageTestTorrents
{
    public static async Task<StorageLayout> CreateAsync(string directory, TorrentFormat format, int pieceLength, CancellationToken cancellationToken)
    {
        var (name, _, files) = SourceScanner.Scan(directory);
        var layout = new CreationLayout(files, pieceLength, format);
        var hashes = await HashingPipeline.RunAsync(layout, 2, null, cancellationToken);
        var entries = new List<StorageFile>();
        for (var i = 0; i < files.Length; i++)
        {
            entries.Add(new StorageFile(
                [name, .. files[i].PathComponents],
                files[i].Length,
                IsPadding: false,
                hashes.FileRoots?[i] ?? ReadOnlyMemory<byte>.Empty,
                hashes.PieceLayers?[i] ?? ReadOnlyMemory<byte>.Empty));
            if (format == TorrentFormat.Hybrid && layout.Padding[i] > 0)
            {
                entries.Add(new StorageFile([name, ".pad", layout.Padding[i].ToString(System.Globalization.CultureInfo.InvariantCulture)], layout.Padding[i], true, default, default));
            }
        }

        return new StorageLayout(entries, pieceLength, hashes.V1Pieces ?? ReadOnlyMemory<byte>.Empty, format != TorrentFormat.V1, format == TorrentFormat.V2);
    }
}
