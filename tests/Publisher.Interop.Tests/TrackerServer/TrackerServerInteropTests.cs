using Publisher.Service.Tracker;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.TrackerServer;

/// <summary>Reference clients (libtorrent, aria2, Transmission) that know only our tracker.</summary>
public sealed class TrackerServerInteropTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(string Torrent, TrackerInfoHash InfoHash)> CreateTorrentAsync(string python, string script, string file, string torrent, params Uri[] trackers)
    {
        var arguments = new List<string> { script, "create", file, torrent };
        foreach (var tracker in trackers)
        {
            arguments.Add(tracker.ToString());
        }

        var result = await ChildProcess.RunAsync(python, arguments, TimeSpan.FromSeconds(60), Token);
        Assert.True(result.ExitCode == 0, result.Output);
        var line = result.Output.Split('\n').First(l => l.StartsWith("INFOHASH ", StringComparison.Ordinal));
        Assert.True(TrackerInfoHash.TryParseHex(line["INFOHASH ".Length..].Trim(), out var infoHash), line);
        return (torrent, infoHash);
    }

    [Fact]
    public async Task Libtorrent_AnnouncesAndScrapesOverHttpAndUdp()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var directory = new TempDirectory("tracker-lt");
        await using var tracker = await TrackerServerHost.StartAsync(Token);
        var script = LibtorrentScript.Write(directory.Path);
        var httpFile = directory.WriteRandomFile("http/payload-http.bin", 256 * 1024, seed: 1);
        var udpFile = directory.WriteRandomFile("udp/payload-udp.bin", 256 * 1024, seed: 2);
        var (httpTorrent, httpHash) = await CreateTorrentAsync(python, script, httpFile, directory.Combine("http.torrent"), tracker.HttpAnnounce);
        var (udpTorrent, udpHash) = await CreateTorrentAsync(python, script, udpFile, directory.Combine("udp.torrent"), tracker.UdpAnnounce);

        await using var httpSeed = ChildProcess.Start(python, [script, "seed", httpTorrent, directory.Combine("http"), LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var udpSeed = ChildProcess.Start(python, [script, "seed", udpTorrent, directory.Combine("udp"), LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        await tracker.WaitForSwarmAsync(httpHash, s => s.Seeders == 1, Patience, () => httpSeed.Output, Token);
        await tracker.WaitForSwarmAsync(udpHash, s => s.Seeders == 1, Patience, () => udpSeed.Output, Token);
        await httpSeed.WaitForLineAsync(l => l.StartsWith("SCRAPE_REPLY http", StringComparison.Ordinal) && l.Contains("complete=1", StringComparison.Ordinal), Patience, Token);
        await udpSeed.WaitForLineAsync(l => l.StartsWith("SCRAPE_REPLY udp", StringComparison.Ordinal) && l.Contains("complete=1", StringComparison.Ordinal), Patience, Token);
        Assert.DoesNotContain("TRACKER_ERROR", httpSeed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TRACKER_ERROR", udpSeed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transmission_AnnouncesToHttpTracker_IsRecorded()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var transmission = ExternalTool.Require("transmission-cli", "transmission-cli");
        using var directory = new TempDirectory("tracker-tr");
        await using var tracker = await TrackerServerHost.StartAsync(Token);
        var script = LibtorrentScript.Write(directory.Path);
        var file = directory.WriteRandomFile("source/payload.bin", 256 * 1024, seed: 3);
        var (torrent, infoHash) = await CreateTorrentAsync(python, script, file, directory.Combine("payload.torrent"), tracker.HttpAnnounce);
        Directory.CreateDirectory(directory.Combine("download"));
        Directory.CreateDirectory(directory.Combine("config"));

        await using var client = ChildProcess.Start(
            transmission,
            ["-w", directory.Combine("download"), "-g", directory.Combine("config"), "-p", LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), torrent],
            environment: new Dictionary<string, string> { ["HOME"] = directory.Path });
        var swarm = await tracker.WaitForSwarmAsync(infoHash, s => s.Leechers == 1, Patience, () => client.Output, Token);
        Assert.Equal(0, swarm.Seeders);
    }

    [Fact]
    public async Task LibtorrentSeedAndAria2Leecher_FindEachOtherThroughTrackerOnly_CompleteTransfer()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var aria2 = ExternalTool.Require("aria2c", "aria2");
        using var directory = new TempDirectory("tracker-aria");
        await using var tracker = await TrackerServerHost.StartAsync(Token);
        var script = LibtorrentScript.Write(directory.Path);
        var file = directory.WriteRandomFile("seed/payload.bin", 4 << 20, seed: 4);
        var (torrent, infoHash) = await CreateTorrentAsync(python, script, file, directory.Combine("payload.torrent"), tracker.HttpAnnounce);

        await using var seed = ChildProcess.Start(python, [script, "seed", torrent, directory.Combine("seed"), LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await tracker.WaitForSwarmAsync(infoHash, s => s.Seeders == 1, Patience, () => seed.Output, Token);

        Directory.CreateDirectory(directory.Combine("leech"));
        var leech = await ChildProcess.RunAsync(
            aria2,
            [
                "--dir=" + directory.Combine("leech"), "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--seed-time=0", "--listen-port=" + LoopbackPort.GetFreeTcpPort(),
                "--summary-interval=0", "--console-log-level=warn", "--bt-stop-timeout=90", "--file-allocation=none", torrent,
            ],
            TimeSpan.FromSeconds(120),
            Token);
        Assert.True(leech.ExitCode == 0, $"aria2c exited {leech.ExitCode}:\n{leech.Output}\nseed:\n{seed.Output}");
        Assert.Equal(await File.ReadAllBytesAsync(file, Token), await File.ReadAllBytesAsync(directory.Combine("leech", "payload.bin"), Token));

        // aria2 announced started, then stopped with everything downloaded: its bytes are counted and it left the swarm.
        var swarm = await tracker.WaitForSwarmAsync(infoHash, s => s.Downloaded >= 4 << 20 && s.Leechers == 0, Patience, () => seed.Output, Token);
        Assert.Equal(1, swarm.Seeders);
    }

    [Fact]
    public async Task Libtorrent_EntitledSwarm_SendsTokenInHttpPathAndUdpUrlData()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var directory = new TempDirectory("tracker-token");
        var registry = new PublishedTorrents();
        await using var tracker = await TrackerServerHost.StartAsync(Token, registry);
        var script = LibtorrentScript.Write(directory.Path);
        var httpFile = directory.WriteRandomFile("http/entitled-http.bin", 128 * 1024, seed: 5);
        var udpFile = directory.WriteRandomFile("udp/entitled-udp.bin", 128 * 1024, seed: 6);

        // The info hash does not depend on the announce URL: create once to learn it, issue the token, create again.
        var (_, httpHash) = await CreateTorrentAsync(python, script, httpFile, directory.Combine("probe-http.torrent"), tracker.HttpAnnounce);
        var (_, udpHash) = await CreateTorrentAsync(python, script, udpFile, directory.Combine("probe-udp.torrent"), tracker.UdpAnnounce);
        registry.Add(httpHash);
        registry.Add(udpHash);
        var httpUrl = new Uri(tracker.HttpAnnounce + "/" + tracker.Tokens.Issue("user-1", httpHash, TimeSpan.FromHours(1)));
        var udpUrl = new Uri(tracker.UdpAnnounce + "/" + tracker.Tokens.Issue("user-1", udpHash, TimeSpan.FromHours(1)));
        var (httpTorrent, sameHttpHash) = await CreateTorrentAsync(python, script, httpFile, directory.Combine("http.torrent"), httpUrl);
        var (udpTorrent, sameUdpHash) = await CreateTorrentAsync(python, script, udpFile, directory.Combine("udp.torrent"), udpUrl);
        Assert.Equal(httpHash, sameHttpHash);
        Assert.Equal(udpHash, sameUdpHash);

        await using var httpSeed = ChildProcess.Start(python, [script, "seed", httpTorrent, directory.Combine("http"), LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var udpSeed = ChildProcess.Start(python, [script, "seed", udpTorrent, directory.Combine("udp"), LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await tracker.WaitForSwarmAsync(httpHash, s => s.Seeders == 1, Patience, () => httpSeed.Output, Token);
        await tracker.WaitForSwarmAsync(udpHash, s => s.Seeders == 1, Patience, () => udpSeed.Output, Token);
    }
}
