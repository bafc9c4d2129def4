using System.Net;
using System.Text.Json;
using Publisher.TestSupport;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Cli.Tests.Engine;

/// <summary><c>publisher download</c> with web seeds: --web-seed, --no-web-seed, --origin-budget and the JSON byte counts.</summary>
public sealed class DownloadWebSeedOptionsTests
{
    [Fact]
    public async Task Download_WebSeedUrlAndNoPeers_CountsWebSeedBytesAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, [], 1024 * 1024);
        await using var seed = await StaticWebSeed.StartAsync(temp.Combine("served"), ct);

        var (code, stdout, stderr) = await CliRunner.RunAsync("download", torrentPath, "-o", temp.Combine("out"), "--port", "0", "--web-seed", seed.BaseUrl, "--json");

        Assert.True(code == 0, stderr + stdout);
        var lines = JsonLines(stdout);
        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(torrent.TotalSize, summary.GetProperty("bytesFromWebSeeds").GetInt64());
        Assert.Equal(0, summary.GetProperty("bytesFromPeers").GetInt64());
        Assert.All(lines, line => Assert.True(line.TryGetProperty("bytesFromWebSeeds", out _)));
        Assert.True(seed.Requests > 0);
        Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(temp.Combine("out", "payload.bin"))));
    }

    [Fact]
    public async Task Download_NoWebSeed_NeverAsksTheTorrentsWebSeed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("served"));
        await using var webSeed = await StaticWebSeed.StartAsync(temp.Combine("served"), ct);
        var (source, torrentPath, torrent) = await CreateAsync(temp, [webSeed.BaseUrl], 1024 * 1024);
        await using var seedEngine = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await seedEngine.AddAsync(torrent, temp.Combine("served"), null, ct);

        var (code, stdout, stderr) = await CliRunner.RunAsync("download", torrentPath, "-o", temp.Combine("out"), "--port", "0", "--peer", $"127.0.0.1:{seedEngine.LocalEndPoint.Port}", "--no-web-seed", "--json");

        Assert.True(code == 0, stderr + stdout);
        Assert.Equal(0, webSeed.Requests);
        Assert.Equal(0, JsonLines(stdout)[^1].GetProperty("bytesFromWebSeeds").GetInt64());
        Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(temp.Combine("out", "payload.bin"))));
    }

    [Theory]
    [InlineData("--web-seed", "ftp://example.org/files/")]
    [InlineData("--web-seed", "not a url")]
    [InlineData("--origin-budget", "-1")]
    public async Task Download_BadWebSeedOption_ExitsWithUsage(string option, string value)
    {
        using var temp = new TempDirectory();
        var (_, torrentPath, _) = await CreateAsync(temp, [], 100_000);

        var (code, _, _) = await CliRunner.RunAsync("download", torrentPath, "-o", temp.Combine("out"), "--port", "0", option, value);

        Assert.Equal(CliApp.Usage, code);
    }

    [Fact]
    public async Task Download_OnlyADeadWebSeedAndNoPeers_FailsWithOneLineInsteadOfHanging()
    {
        using var temp = new TempDirectory();
        var (_, torrentPath, _) = await CreateAsync(temp, [], 200_000);
        var dead = $"http://127.0.0.1:{LoopbackPort.GetFreeTcpPort()}/";

        var (code, _, stderr) = await CliRunner.RunAsync("download", torrentPath, "-o", temp.Combine("out"), "--port", "0", "--web-seed", dead);

        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("every web seed failed", stderr, StringComparison.Ordinal);
        Assert.Contains(dead, stderr, StringComparison.Ordinal);
    }

    private static List<JsonElement> JsonLines(string output)
    {
        var lines = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(line);
                lines.Add(json.RootElement.Clone());
            }
        }

        Assert.NotEmpty(lines);
        return lines;
    }

    private static async Task<(string Source, string TorrentPath, TorrentInfo Torrent)> CreateAsync(TempDirectory temp, IReadOnlyList<string> webSeeds, long size)
    {
        var source = temp.WriteRandomFile(Path.Combine("served", "payload.bin"), size, 9);
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = 64 * 1024, Threads = 1, WebSeeds = webSeeds }, null, TestContext.Current.CancellationToken);
        var torrentPath = temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), TestContext.Current.CancellationToken);
        return (source, torrentPath, TorrentInfo.Parse(created.Bytes));
    }
}
