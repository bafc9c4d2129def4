using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>
/// Pure v2 torrents (BEP 52) created by libtorrent move between libtorrent and our engine: from a .torrent (piece
/// layers included) and from a v2 magnet link, where the piece layers travel as BEP 52 hash requests and hashes.
/// </summary>
public sealed class PureV2Tests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(64L * 1024 * 1024, 1024 * 1024, false)]
    [InlineData(16L * 1024 * 1024, 16 * 1024, false)]
    [InlineData(16L * 1024 * 1024, 256 * 1024, true)]
    public async Task OurLeecher_FromLibtorrentSeed_LibtorrentTorrent_IsByteIdentical(long size, int pieceSize, bool seedDials)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (root, torrentPath, torrent) = await CreateWithLibtorrentAsync(temp, size, pieceSize);
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), null, ct);
        await using var seed = await LibtorrentPeer.StartAsync(temp, "seed", torrentPath, temp.Path, seedDials ? [$"127.0.0.1:{engine.LocalEndPoint.Port}"] : []);
        if (!seedDials)
        {
            await seed.WaitSeedingAsync(Timeout);
            handle.AddPeer(new IPEndPoint(IPAddress.Loopback, seed.Port));
        }

        await LibtorrentSwarmTests.CompleteWithinAsync(handle, Timeout, ct);
        LibtorrentSwarmTests.AssertSameTree(root, temp.Combine("out", "payload"));
    }

    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(256 * 1024)]
    public async Task OurLeecher_FromV2MagnetServedByLibtorrent_FetchesPieceLayersAndCompletes(int pieceSize)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (root, torrentPath, torrent) = await CreateWithLibtorrentAsync(temp, 16L * 1024 * 1024, pieceSize);
        await using var seed = await LibtorrentPeer.StartAsync(temp, "seed", torrentPath, temp.Path);
        await seed.WaitSeedingAsync(Timeout);
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        var magnet = MagnetLink.Parse(torrent.ToMagnetLink().ToString());
        Assert.Null(magnet.InfoHashes.V1);
        var handle = await engine.AddAsync(magnet, temp.Combine("out"), new TorrentOptions { InitialPeers = [new IPEndPoint(IPAddress.Loopback, seed.Port)] }, limit.Token);
        Assert.Equal(TorrentVersion.V2, handle.Torrent.Version);
        await handle.WaitForCompletionAsync(limit.Token);
        LibtorrentSwarmTests.AssertSameTree(root, temp.Combine("out", "payload"));
    }

    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(256 * 1024)]
    public async Task LibtorrentLeecher_FromV2Magnet_GetsPieceLayersFromOurSeed(int pieceLength)
    {
        ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, _, torrent) = await LibtorrentSwarmTests.CreateAsync(temp, TorrentFormat.V2, pieceLength: pieceLength);
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        var seed = await engine.AddAsync(torrent, temp.Path, null, ct);
        Assert.Equal(TorrentState.Seeding, seed.State);
        await using var leecher = await LibtorrentPeer.StartAsync(temp, "download", torrent.ToMagnetLink().ToString(), temp.Combine("lt"), $"127.0.0.1:{engine.LocalEndPoint.Port}");
        var exit = await leecher.WaitForExitAsync(Timeout);
        Assert.True(exit == 0, leecher.Output);
        LibtorrentSwarmTests.AssertSameTree(source, temp.Combine("lt", "payload"));
    }

    private static async Task<(string Root, string TorrentPath, TorrentInfo Torrent)> CreateWithLibtorrentAsync(TempDirectory temp, long size, int pieceSize)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var root = temp.Combine("payload");
        temp.WriteRandomFile(Path.Combine("payload", "big.bin"), size - 401_000, 1);
        temp.WriteRandomFile(Path.Combine("payload", "docs", "small.txt"), 100_000, 2);
        temp.WriteRandomFile(Path.Combine("payload", "docs", "tail.bin"), 300_000, 3);
        temp.WriteRandomFile(Path.Combine("payload", "docs", "tiny.txt"), 1000, 4);
        var torrentPath = temp.Combine("payload.torrent");
        await Creation.LibtorrentScripts.CreateAsync(python, root, torrentPath, "v2", pieceSize);
        var torrent = TorrentInfo.Parse(await File.ReadAllBytesAsync(torrentPath, TestContext.Current.CancellationToken));
        Assert.Equal(TorrentVersion.V2, torrent.Version);
        return (root, torrentPath, torrent);
    }
}
