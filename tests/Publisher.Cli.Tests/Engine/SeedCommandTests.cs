using System.Globalization;
using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Cli.Tests.Engine;

public sealed class SeedCommandTests
{
    [Fact]
    public async Task Seed_PrintsPortFirst_AndServesTheTorrent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = temp.WriteRandomFile(Path.Combine("data", "payload.bin"), 1_500_000, 9);
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.Hybrid, Threads = 1 }, null, ct);
        var torrentPath = temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), ct);
        await using var seeder = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Publisher.Cli.dll"), "seed", torrentPath, temp.Combine("data"), "--port", "0"]);
        var first = await seeder.WaitForLineAsync(static line => line.Length > 0 && int.TryParse(line, CultureInfo.InvariantCulture, out _), TimeSpan.FromSeconds(30), ct);
        var port = int.Parse(first, CultureInfo.InvariantCulture);
        await seeder.WaitForLineAsync(static line => line.StartsWith("seeding", StringComparison.Ordinal), TimeSpan.FromSeconds(30), ct);

        await using var engine = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var handle = await engine.AddAsync(TorrentInfo.Parse(created.Bytes), temp.Combine("out"), null, ct);
        handle.AddPeer(new IPEndPoint(IPAddress.Loopback, port));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await handle.WaitForCompletionAsync(timeout.Token);
        Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(temp.Combine("out", "payload.bin"))));
    }

    [Fact]
    public async Task Seed_MissingDirectory_ExitsWithOneLine()
    {
        using var temp = new TempDirectory();
        var source = temp.WriteRandomFile("payload.bin", 100_000, 9);
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Threads = 1 }, null, TestContext.Current.CancellationToken);
        var torrentPath = temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), TestContext.Current.CancellationToken);
        var (code, _, stderr) = await CliRunner.RunAsync("seed", torrentPath, temp.Combine("nowhere"), "--port", "0");
        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
    }
}
