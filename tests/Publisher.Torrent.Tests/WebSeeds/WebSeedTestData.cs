using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>Small payloads and their torrents for web seed tests.</summary>
internal static class WebSeedTestData
{
    public const int PieceLength = 16 * 1024;

    /// <summary>Files of a multi-file payload with a space and non-ASCII names (relative to the folder named <c>name</c>).</summary>
    public static readonly (string Path, int Length)[] MultiFiles =
    [
        ("a file.bin", 40_000),
        ("données/ü €.bin", 5_000),
        ("données/empty.bin", 0),
        ("z#%+&;.bin", 70_001),
    ];

    /// <summary>Writes the multi-file payload under <paramref name="root"/>/<paramref name="name"/> and creates its torrent.</summary>
    public static async Task<TorrentInfo> MultiAsync(TempDirectory root, string name, TorrentFormat format, IReadOnlyList<string> webSeeds, CancellationToken cancellationToken)
    {
        var seed = 1;
        foreach (var (path, length) in MultiFiles)
        {
            root.WriteRandomFile(Path.Combine(name, path), length, seed++);
        }

        var created = await TorrentBuilder.CreateAsync(root.Combine(name), Options(format, webSeeds), null, cancellationToken);
        return created.Torrent;
    }

    /// <summary>Writes one file of <paramref name="length"/> bytes under <paramref name="root"/> and creates its torrent.</summary>
    public static async Task<TorrentInfo> SingleAsync(TempDirectory root, string name, int length, IReadOnlyList<string> webSeeds, CancellationToken cancellationToken)
    {
        var path = root.WriteRandomFile(name, length, 42);
        var created = await TorrentBuilder.CreateAsync(path, Options(TorrentFormat.V1, webSeeds), null, cancellationToken);
        return created.Torrent;
    }

    /// <summary>Asserts that every real file below <paramref name="downloaded"/> equals the one below <paramref name="source"/>.</summary>
    public static void AssertSameFiles(TorrentInfo torrent, string source, string downloaded)
    {
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile)
            {
                continue;
            }

            var expected = File.ReadAllBytes(TorrentFilePaths.GetFullPath(source, file));
            var actual = File.ReadAllBytes(TorrentFilePaths.GetFullPath(downloaded, file));
            Xunit.Assert.True(expected.AsSpan().SequenceEqual(actual), $"'{file.PathString}' differs from its source.");
        }
    }

    /// <summary>
    /// Asserts that no piece on disk holds wrong data: each is either verified or still all zeros (never written).
    /// </summary>
    public static void AssertNoCorruptPiece(TorrentInfo torrent, string downloaded)
    {
        var buffer = new byte[torrent.PieceLength];
        for (var piece = 0; piece < torrent.PieceCount; piece++)
        {
            var data = buffer.AsSpan(0, torrent.GetPieceSize(piece));
            ReadPiece(torrent, downloaded, piece, data);
            var verified = Publisher.Torrent.WebSeeds.WebSeedPieceVerifier.Verify(torrent, piece, data);
            Xunit.Assert.True(verified || !data.ContainsAnyExcept((byte)0), $"Piece {piece} holds data that fails its hash.");
        }
    }

    private static void ReadPiece(TorrentInfo torrent, string directory, int piece, Span<byte> destination)
    {
        destination.Clear();
        var start = (long)piece * torrent.PieceLength;
        var end = start + destination.Length;
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile || file.EndOffset <= start || file.Offset >= end)
            {
                continue;
            }

            var from = Math.Max(start, file.Offset);
            var to = Math.Min(end, file.EndOffset);
            using var handle = File.OpenHandle(TorrentFilePaths.GetFullPath(directory, file));
            RandomAccess.Read(handle, destination.Slice((int)(from - start), (int)(to - from)), from - file.Offset);
        }
    }

    private static TorrentBuilderOptions Options(TorrentFormat format, IReadOnlyList<string> webSeeds) =>
        new() { Format = format, PieceLength = PieceLength, Threads = 1, WebSeeds = webSeeds };
}
