using System.Text.Json;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.WebSeedServer;

/// <summary>
/// libtorrent, aria2 and Transmission download releases from our web seed alone: no peers, no DHT/LSD/PEX, the
/// tracker answers 404. Single- and multi-file torrents with spaces and non-ASCII names; the multi-file one has BEP 47
/// pad files, which aria2 and Transmission fetch from the web seed as <c>.pad/N</c>.
/// </summary>
public sealed class WebSeedServerInteropTests
{
    private const int PieceLength = 64 * 1024;
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(120);

    public static TheoryData<string> Layouts => new() { "single", "multi" };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Libtorrent_DownloadsFromWebSeedOnly_BytesMatch(string layout)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await WebSeedInteropHost.StartAsync(ct);
        var (torrent, torrentFile, source) = await PublishAsync(host, layout, ct);
        var target = host.Directory.Combine("libtorrent");
        Directory.CreateDirectory(target);

        var result = await ChildProcess.RunAsync(python, ["-c", LibtorrentScript, torrentFile, target, LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture)], DownloadTimeout, ct);

        Assert.True(result.ExitCode == 0, result.Output);
        AssertSameFiles(torrent, source, target);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Aria2_DownloadsFromWebSeedOnly_BytesMatch(string layout)
    {
        var aria2 = ExternalTool.Require("aria2c", "aria2");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await WebSeedInteropHost.StartAsync(ct);
        var (torrent, torrentFile, source) = await PublishAsync(host, layout, ct);
        var target = host.Directory.Combine("aria2");
        Directory.CreateDirectory(target);
        var port = LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await ChildProcess.RunAsync(aria2,
        [
            "--dir=" + target, "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--seed-time=0", "--listen-port=" + port, "--summary-interval=0", "--console-log-level=warn", "--no-conf=true",
            "--bt-tracker-connect-timeout=2", "--bt-tracker-timeout=2", torrentFile,
        ], DownloadTimeout, ct);

        Assert.True(result.ExitCode == 0, result.Output);
        AssertSameFiles(torrent, source, target);
        if (layout == "multi")
        {
            // aria2 is not pad-aware: it fetched the pad files from the web seed as zeros.
            Assert.True(host.PadBytes > 0, "aria2 requested no .pad/N file");
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Transmission_DownloadsFromWebSeedOnly_BytesMatch(string layout)
    {
        var transmission = ExternalTool.Require("transmission-cli", "transmission-cli");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await WebSeedInteropHost.StartAsync(ct);
        var (torrent, torrentFile, source) = await PublishAsync(host, layout, ct);
        var target = host.Directory.Combine("transmission");
        var config = host.Directory.Combine("transmission-config");
        Directory.CreateDirectory(target);
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "settings.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["dht-enabled"] = false,
            ["lpd-enabled"] = false,
            ["pex-enabled"] = false,
            ["utp-enabled"] = false,
            ["port-forwarding-enabled"] = false,
            ["bind-address-ipv4"] = "127.0.0.1",
        }), ct);
        var done = host.Directory.Combine("transmission.done");
        var script = host.Directory.Combine("finished.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\ntouch '{done}'\n", ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using var client = ChildProcess.Start(transmission,
            ["-g", config, "-w", target, "-p", LoopbackPort.GetFreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), "-M", "-f", script, torrentFile]);
        var deadline = DateTime.UtcNow + DownloadTimeout;
        while (!File.Exists(done) && !client.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.True(File.Exists(done), client.Output);
        AssertSameFiles(torrent, source, target);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task OurDownloader_DownloadsFromOurWebSeedOnly_BytesMatch(string layout)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await WebSeedInteropHost.StartAsync(ct);
        var (torrent, torrentFile, source) = await PublishAsync(host, layout, ct);
        var target = host.Directory.Combine("ours");
        using var downloader = new Publisher.Torrent.WebSeeds.WebSeedDownloader();

        var result = await downloader.DownloadAsync(Publisher.Torrent.Metainfo.TorrentInfo.Parse(await File.ReadAllBytesAsync(torrentFile, ct)), target, seedUrls: null, progress: null, ct);

        Assert.True(result.Completed, result.Error);
        AssertSameFiles(torrent, source, target);
    }

    private static async Task<(InteropTorrent Torrent, string TorrentFile, string Source)> PublishAsync(WebSeedInteropHost host, string layout, CancellationToken ct)
    {
        var source = host.Directory.Combine("source");
        var torrent = layout == "single"
            ? InteropTorrent.SingleFile(source, "hello wörld 1.0.bin", (3 * 1024 * 1024) + 123, seed: 1, PieceLength)
            : InteropTorrent.MultiFile(source, "My Pack ñ", seed: 2, PieceLength,
                ("docs/read me.txt", 100_000), ("日本/データ 1.bin", (1536 * 1024) + 7), ("z.bin", 700_001));
        var torrentFile = await host.PublishAsync(torrent, source, "1.0.0", ct);
        return (torrent, torrentFile, source);
    }

    private static void AssertSameFiles(InteropTorrent torrent, string source, string target)
    {
        foreach (var path in torrent.Paths)
        {
            var relative = path.Replace('/', Path.DirectorySeparatorChar);
            var downloaded = Path.Combine(target, relative);
            Assert.True(File.Exists(downloaded), $"{downloaded} was not downloaded");
            Assert.True(File.ReadAllBytes(Path.Combine(source, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(downloaded)), $"{path} differs");
        }
    }

    private const string LibtorrentScript = """
import sys, time
import libtorrent as lt
torrent, save, port = sys.argv[1], sys.argv[2], sys.argv[3]
s = lt.session({
    'listen_interfaces': '127.0.0.1:' + port,
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
})
h = s.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save})
deadline = time.time() + 110
while time.time() < deadline:
    for a in s.pop_alerts():
        print(a.message(), flush=True)
    st = h.status()
    if st.is_seeding:
        print('done', st.total_wanted_done, flush=True)
        sys.exit(0)
    time.sleep(0.1)
print('timeout at', h.status().progress, flush=True)
sys.exit(1)
""";
}
