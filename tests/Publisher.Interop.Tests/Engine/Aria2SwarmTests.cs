using System.Globalization;
using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Interop.Tests.Trackers;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>
/// aria2 finds peers only through trackers here (DHT, LSD and PEX off), so our seed and aria2 meet at a real
/// opentracker on loopback whose whitelist holds the torrent's info hash.
/// </summary>
public sealed class Aria2SwarmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Aria2Leecher_FindsOurSeedThroughOpentracker_GetsIdenticalBytes()
    {
        var aria2 = ExternalTool.Require("aria2c", "aria2");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var root = temp.Combine("payload");
        temp.WriteRandomFile(Path.Combine("payload", "big.bin"), 16L * 1024 * 1024 - 300_000, 1);
        temp.WriteRandomFile(Path.Combine("payload", "docs", "tail.bin"), 300_000, 2);
        var options = new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = 256 * 1024, Threads = 1 };
        var infoHash = (await TorrentBuilder.CreateAsync(root, options, null, ct)).InfoHashes.V1!.Value;
        await using var tracker = await OpentrackerFixture.StartAsync(0, [infoHash.ToArray()], ct);
        var created = await TorrentBuilder.CreateAsync(root, options with { Trackers = [[tracker.HttpAnnounce.ToString()]] }, null, ct);
        var torrentPath = temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), ct);
        var torrent = TorrentInfo.Parse(created.Bytes);

        Assert.Equal(infoHash, torrent.InfoHashes.V1!.Value);
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        var seed = await engine.AddAsync(torrent, temp.Path, null, ct);
        await WaitForSeedAnnouncedAsync(tracker.Port, torrent.InfoHashes.V1!.Value.ToHex());
        await using var leecher = ChildProcess.Start(aria2, [
            "--dir=" + temp.Combine("aria2"), "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--seed-time=0", "--listen-port=" + LoopbackPort.GetFreeTcpPort().ToString(CultureInfo.InvariantCulture), "--file-allocation=none",
            "--summary-interval=0", "--bt-tracker-interval=1", "--check-certificate=false", torrentPath]);
        int exit;
        try
        {
            exit = await leecher.WaitForExitAsync(Timeout, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"aria2c did not finish (seed uploaded {seed.Statistics.UploadedToPeers} bytes, {seed.Progress.Peers} peers):\n{leecher.Output}");
            return;
        }

        Assert.True(exit == 0, $"aria2c exited {exit}:\n{leecher.Output}\nopentracker:\n{tracker.Output}");
        LibtorrentSwarmTests.AssertSameTree(root, temp.Combine("aria2", "payload"));
        Assert.True(seed.Statistics.UploadedToPeers >= torrent.PayloadSize);
    }

    /// <summary>Waits until the tracker's scrape counts our seed, so aria2's first announce already finds it.</summary>
    private static async Task WaitForSeedAnnouncedAsync(int port, string infoHashHex)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var hash = string.Concat(Convert.FromHexString(infoHashHex).Select(b => $"%{b:X2}"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/scrape?info_hash={hash}"), timeout.Token)).Contains("8:completei1e", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
