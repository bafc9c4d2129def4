using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;

namespace Publisher.Torrent.Tests.Storage;

/// <summary>Creates a torrent for a directory and returns the storage view of it, as verify sees it.</summary>
internal static class StorageTestTorrents
{
    public static async Task<StorageLayout> CreateAsync(string directory, TorrentFormat format, int pieceLength, CancellationToken cancellationToken)
    {
        var created = await TorrentBuilder.CreateAsync(directory, new TorrentBuilderOptions { Format = format, PieceLength = pieceLength, Threads = 2 }, null, cancellationToken);
        return TorrentVerifier.CreateLayout(created.Torrent);
    }
}
