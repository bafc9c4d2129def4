using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>Our engine and libtorrent exchange whole torrents over loopback, in both directions.</summary>
public sealed class LibtorrentSwarmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    [InlineData(TorrentFormat.V2)]
    public async Task OurLeecher_FromLibtorrentSeed_IsByteIdentical(TorrentFormat format)
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, format);
        await using var seed = await LibtorrentPeer.StartAsync(temp, "seed", torrentPath, temp.Path);
        await seed.WaitSeedingAsync(Timeout);
        await using var engine = LoopbackEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        handle.AddPeer(new IPEndPoint(IPAddress.Loopback, seed.Port));
        await CompleteWithinAsync(handle, Timeout, ct);
        AssertSameTree(source, temp.Combine("out", "payload"));
    }

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    [InlineData(TorrentFormat.V2)]
    public async Task LibtorrentLeecher_FromOurSeed_IsByteIdentical(TorrentFormat format)
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, format);
        await using var engine = LoopbackEngine();
        var seed = await engine.AddAsync(torrent, temp.Path, null, ct);
        Assert.Equal(TorrentState.Seeding, seed.State);
        await using var leecher = await LibtorrentPeer.StartAsync(temp, "download", torrentPath, temp.Combine("lt"), $"127.0.0.1:{engine.LocalEndPoint.Port}");
        var exit = await leecher.WaitForExitAsync(Timeout);
        Assert.True(exit == 0, leecher.Output);
        AssertSameTree(source, temp.Combine("lt", "payload"));
        Assert.True(seed.Statistics.UploadedToPeers >= torrent.PayloadSize);
    }

    [Fact]
    public async Task OurLeecher_FromLibtorrentSeed_WhenSeedDialsUs_Completes()
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, TorrentFormat.Hybrid);
        await using var engine = LoopbackEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        await using var seed = await LibtorrentPeer.StartAsync(temp, "seed", torrentPath, temp.Path, $"127.0.0.1:{engine.LocalEndPoint.Port}");
        await CompleteWithinAsync(handle, Timeout, ct);
        AssertSameTree(source, temp.Combine("out", "payload"));
    }

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task OurLeecher_FromMagnetServedByLibtorrent_Completes(TorrentFormat format)
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, format);
        await using var seed = await LibtorrentPeer.StartAsync(temp, "seed", torrentPath, temp.Path);
        await seed.WaitSeedingAsync(Timeout);
        await using var engine = LoopbackEngine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var magnet = MagnetLink.Parse(torrent.ToMagnetLink().ToString());
        var handle = await engine.AddAsync(magnet, temp.Combine("out"), new TorrentOptions { InitialPeers = [new IPEndPoint(IPAddress.Loopback, seed.Port)] }, timeout.Token);
        await handle.WaitForCompletionAsync(timeout.Token);
        AssertSameTree(source, temp.Combine("out", "payload"));
    }

    [Fact]
    public async Task LibtorrentLeecher_FromMagnet_GetsMetadataAndDataFromOurSeed()
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, _, torrent) = await CreateAsync(temp, TorrentFormat.Hybrid);
        await using var engine = LoopbackEngine();
        await engine.AddAsync(torrent, temp.Path, null, ct);
        await using var leecher = await LibtorrentPeer.StartAsync(temp, "download", torrent.ToMagnetLink().ToString(), temp.Combine("lt"), $"127.0.0.1:{engine.LocalEndPoint.Port}");
        var exit = await leecher.WaitForExitAsync(Timeout);
        Assert.True(exit == 0, leecher.Output);
        AssertSameTree(source, temp.Combine("lt", "payload"));
    }

    internal static async Task<(string Source, string TorrentPath, TorrentInfo Torrent)> CreateAsync(TempDirectory temp, TorrentFormat format, long size = 16L * 1024 * 1024, int pieceLength = 256 * 1024)
    {
        var root = temp.Combine("payload");
        temp.WriteRandomFile(Path.Combine("payload", "big.bin"), size - 400_000, 1);
        temp.WriteRandomFile(Path.Combine("payload", "docs", "small.txt"), 100_000, 2);
        temp.WriteRandomFile(Path.Combine("payload", "docs", "tail.bin"), 300_000, 3);
        var created = await TorrentBuilder.CreateAsync(root, new TorrentBuilderOptions { Format = format, PieceLength = pieceLength, Threads = 1 }, null, TestContext.Current.CancellationToken);
        var torrentPath = temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), TestContext.Current.CancellationToken);
        return (root, torrentPath, TorrentInfo.Parse(created.Bytes));
    }

    /// <summary>An engine listening on 127.0.0.1 at a free port.</summary>
    internal static TorrentEngine LoopbackEngine() => new(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });

    /// <summary>Waits for <paramref name="handle"/> to finish, failing the test after <paramref name="timeout"/>.</summary>
    internal static async Task CompleteWithinAsync(TorrentHandle handle, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        await handle.WaitForCompletionAsync(limit.Token);
    }

    internal static void AssertSameTree(string expected, string actual)
    {
        foreach (var file in Directory.GetFiles(expected, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(expected, file);
            var other = Path.Combine(actual, relative);
            Assert.True(File.Exists(other), $"missing {relative}");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(other)), $"{relative} differs");
        }
    }
}
