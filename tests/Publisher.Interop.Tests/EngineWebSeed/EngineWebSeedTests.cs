using System.Net;
using Publisher.Interop.Tests.WebSeedClient;
using Publisher.TestSupport;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Interop.Tests.EngineWebSeed;

/// <summary>
/// Our engine with web seeds as a source: web-seed-only from a plain nginx, a libtorrent seed plus the web seed, and a
/// web seed that fails (wrong bytes, 503 with Retry-After) while a libtorrent peer has the data.
/// </summary>
public sealed class EngineWebSeedTests : IDisposable
{
    private const string Name = "Release 1.0 — naïve";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new("engine-webseed");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task Download_WebSeedOnlyFromNginx_MultiFileIsByteIdentical(TorrentFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        var served = WritePayload(12 << 20);
        await using var nginx = await NginxWebSeed.StartAsync(served, ct);
        var (torrent, _) = await CreateTorrentAsync(served, format, [nginx.BaseUrl]);
        await using var engine = LoopbackEngine();

        var handle = await engine.AddAsync(torrent, _temp.Combine("out"), null, ct);
        await CompleteAsync(handle, nginx.AccessLog);

        AssertSameFiles(torrent, served, _temp.Combine("out"));
        Assert.Equal(0, handle.Statistics.DownloadedFromPeers);
        Assert.Equal(torrent.TotalSize, handle.Statistics.DownloadedFromWebSeeds - handle.Statistics.DiscardedBytes);
        var log = nginx.AccessLog;
        Assert.Contains("\" 206 ", log, StringComparison.Ordinal);
        Assert.DoesNotContain(".pad", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\" 404 ", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_SlowLibtorrentSeedAndWebSeed_CompletesAndBytesBySourceAddUp()
    {
        var ct = TestContext.Current.CancellationToken;
        var served = WritePayload(16 << 20);
        await using var nginx = await NginxWebSeed.StartAsync(served, ct);
        var (torrent, torrentPath) = await CreateTorrentAsync(served, TorrentFormat.V1, [nginx.BaseUrl]);
        await using var seed = await LibtorrentSeed.StartAsync(_temp, torrentPath, served, 400_000);
        await using var engine = LoopbackEngine();

        var handle = await engine.AddAsync(torrent, _temp.Combine("out"), new TorrentOptions { InitialPeers = [new IPEndPoint(IPAddress.Loopback, seed.Port)] }, ct);
        await CompleteAsync(handle, seed.Output);

        AssertSameFiles(torrent, served, _temp.Combine("out"));
        var statistics = handle.Statistics;
        Assert.True(statistics.DownloadedFromPeers > 0, $"nothing came from the libtorrent seed ({handle.Progress}):\n{seed.Output}");
        Assert.True(statistics.DownloadedFromWebSeeds > 0, "the web seed never topped up the slow seed");
        Assert.Equal(torrent.TotalSize, statistics.DownloadedFromPeers + statistics.DownloadedFromWebSeeds - statistics.DiscardedBytes);
    }

    [Fact]
    public async Task Download_FastLibtorrentSeedAndWebSeed_PeersFirstSpendsFewOriginBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var served = WritePayload(32 << 20);
        await using var nginx = await NginxWebSeed.StartAsync(served, ct);
        var (torrent, torrentPath) = await CreateTorrentAsync(served, TorrentFormat.V1, [nginx.BaseUrl]);
        await using var seed = await LibtorrentSeed.StartAsync(_temp, torrentPath, served, 0);
        await using var engine = LoopbackEngine();

        var handle = await engine.AddAsync(torrent, _temp.Combine("out"), new TorrentOptions { InitialPeers = [new IPEndPoint(IPAddress.Loopback, seed.Port)] }, ct);
        await CompleteAsync(handle, seed.Output);

        AssertSameFiles(torrent, served, _temp.Combine("out"));
        var statistics = handle.Statistics;
        Assert.True(statistics.DownloadedFromWebSeeds <= torrent.TotalSize / 10, $"the origin served {statistics.DownloadedFromWebSeeds} of {torrent.TotalSize} bytes while a fast peer had them all");
        Assert.Equal(torrent.TotalSize, statistics.DownloadedFromPeers + statistics.DownloadedFromWebSeeds - statistics.DiscardedBytes);
    }

    [Theory]
    [InlineData("wrong bytes")]
    [InlineData("503 Retry-After")]
    public async Task Download_WebSeedFailsWhileLibtorrentPeerHasData_CompletesWithCorrectFiles(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        var served = WritePayload(8 << 20);
        var (torrent, torrentPath) = await CreateTorrentAsync(served, TorrentFormat.V1, []);
        await using var seed = await LibtorrentSeed.StartAsync(_temp, torrentPath, served, 0);
        await using var broken = fault == "wrong bytes" ? null : new UnavailableWebSeed();
        var corrupt = fault == "wrong bytes" ? CorruptCopy(served) : null;
        await using var nginx = corrupt is null ? null : await NginxWebSeed.StartAsync(corrupt, ct);
        var options = new TorrentOptions
        {
            InitialPeers = [new IPEndPoint(IPAddress.Loopback, seed.Port)],
            AdditionalWebSeeds = [nginx?.BaseUrl ?? broken!.BaseUrl],
            // The origin tops up from the start however fast the peer is, so the failing seed is surely asked.
            Offload = new Torrent.WebSeeds.PeersFirstOffloadOptions { TargetPeerRate = 1_000_000_000, Warmup = TimeSpan.Zero, PeerWait = TimeSpan.Zero },
        };
        await using var engine = LoopbackEngine();

        var handle = await engine.AddAsync(torrent, _temp.Combine("out"), options, ct);
        await CompleteAsync(handle, seed.Output);

        AssertSameFiles(torrent, served, _temp.Combine("out"));
        Assert.Equal(0, handle.Statistics.DownloadedFromWebSeeds);
        Assert.True((nginx?.AccessLog.Length ?? broken!.Requests) > 0, "the failing web seed was never asked");
    }

    private static TorrentEngine LoopbackEngine() => new(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });

    /// <summary>A multi-file payload of about <paramref name="size"/> bytes with spaces and non-ASCII names; returns the served root.</summary>
    private string WritePayload(long size)
    {
        var root = _temp.Combine("served");
        _temp.WriteRandomFile(Path.Combine("served", Name, "read me.txt"), 10_000, 1);
        _temp.WriteRandomFile(Path.Combine("served", Name, "données", "niveau #1.pak"), size - 2_000_000 - 10_000, 2);
        _temp.WriteRandomFile(Path.Combine("served", Name, "données", "日本語 ファイル.bin"), 2_000_000, 3);
        _temp.WriteRandomFile(Path.Combine("served", Name, "empty.dat"), 0, 4);
        return root;
    }

    private async Task<(TorrentInfo Torrent, string Path)> CreateTorrentAsync(string served, TorrentFormat format, IReadOnlyList<string> webSeeds)
    {
        var created = await TorrentBuilder.CreateAsync(Path.Combine(served, Name), new TorrentBuilderOptions { Format = format, PieceLength = 256 * 1024, WebSeeds = webSeeds, Threads = 1 }, null, TestContext.Current.CancellationToken);
        var path = _temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(path, created.Bytes, TestContext.Current.CancellationToken);
        return (TorrentInfo.Parse(created.Bytes), path);
    }

    /// <summary>A copy of the served tree with one byte in every 64 KiB flipped: right lengths, wrong data.</summary>
    private string CorruptCopy(string served)
    {
        var root = _temp.Combine("corrupt");
        foreach (var file in Directory.GetFiles(served, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(served, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var data = File.ReadAllBytes(file);
            for (var i = 0; i < data.Length; i += 64 * 1024)
            {
                data[i] ^= 0xA5;
            }

            File.WriteAllBytes(target, data);
        }

        return root;
    }

    private static async Task CompleteAsync(TorrentHandle handle, string diagnostics)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await handle.WaitForCompletionAsync(timeout.Token);
        }
        catch (Exception error) when (error is not OperationCanceledException || timeout.IsCancellationRequested)
        {
            Assert.Fail($"{handle.Torrent.Name} did not complete ({handle.Progress}): {error.Message}\n{diagnostics}");
        }
    }

    private static void AssertSameFiles(TorrentInfo torrent, string source, string downloaded)
    {
        foreach (var file in torrent.Files)
        {
            if (!file.IsPadFile)
            {
                var expected = File.ReadAllBytes(TorrentFilePaths.GetFullPath(source, file));
                var actual = File.ReadAllBytes(TorrentFilePaths.GetFullPath(downloaded, file));
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"'{file.PathString}' differs.");
            }
        }
    }
}
