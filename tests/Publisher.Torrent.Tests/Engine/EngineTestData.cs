using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>Payloads, torrents and engines for engine tests (loopback, port 0).</summary>
internal static class EngineTestData
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A multi-file payload: a file spanning several pieces, a small one, and one not on a piece boundary.</summary>
    public static string WritePayload(TempDirectory directory, string name, long size, int seed)
    {
        var root = directory.Combine(name);
        directory.WriteRandomFile(Path.Combine(name, "big.bin"), size - (300 * 1024) - 12345, seed);
        directory.WriteRandomFile(Path.Combine(name, "sub", "small.bin"), 12345, seed + 1);
        directory.WriteRandomFile(Path.Combine(name, "sub", "tail.bin"), 300 * 1024, seed + 2);
        return root;
    }

    public static async Task<TorrentInfo> CreateTorrentAsync(string path, TorrentFormat format, int pieceLength = 64 * 1024)
    {
        var created = await TorrentBuilder.CreateAsync(path, new TorrentBuilderOptions { Format = format, PieceLength = pieceLength, Threads = 1 }, null, TestContext.Current.CancellationToken);
        return TorrentInfo.Parse(created.Bytes);
    }

    public static TorrentEngine CreateEngine(EngineOptions? options = null) =>
        new((options ?? new EngineOptions()) with { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });

    public static IPEndPoint EndPointOf(TorrentEngine engine) => new(IPAddress.Loopback, engine.LocalEndPoint.Port);

    public static void AssertSameTree(string expected, string actual)
    {
        var expectedFiles = Directory.GetFiles(expected, "*", SearchOption.AllDirectories);
        foreach (var file in expectedFiles)
        {
            var relative = Path.GetRelativePath(expected, file);
            var other = Path.Combine(actual, relative);
            Assert.True(File.Exists(other), $"missing {relative}");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(other)), $"{relative} differs");
        }
    }

    public static async Task WaitAsync(TorrentHandle handle)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        await handle.WaitForCompletionAsync(timeout.Token);
    }
}
