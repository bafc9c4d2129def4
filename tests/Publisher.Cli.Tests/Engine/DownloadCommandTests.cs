using System.Net;
using System.Text.Json;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Cli.Tests.Engine;

public sealed class DownloadCommandTests
{
    private const int PieceLength = 64 * 1024;

    [Fact]
    public async Task Download_FromPeer_PrintsJsonAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, 2 * 1024 * 1024);
        await using var seedEngine = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var (code, stdout, stderr) = await CliRunner.RunAsync("download", torrentPath, "-o", temp.Combine("out"), "--port", "0", "--peer", $"127.0.0.1:{seedEngine.LocalEndPoint.Port}", "--json");
        Assert.True(code == 0, stderr);
        var summary = LastJson(stdout);
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.True(summary.GetProperty("complete").GetBoolean());
        Assert.True(summary.GetProperty("bytesFromPeers").GetInt64() >= torrent.PayloadSize);
        Assert.Equal(0, summary.GetProperty("bytesFromWebSeeds").GetInt64());
        Assert.True(summary.GetProperty("elapsedSeconds").GetDouble() > 0);
        Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(temp.Combine("out", "payload.bin"))));
    }

    [Fact]
    public async Task Download_BadPeerAddress_ExitsWithOneLine()
    {
        using var temp = new TempDirectory();
        var (_, torrentPath, _) = await CreateAsync(temp, 100_000);
        var (code, _, stderr) = await CliRunner.RunAsync("download", torrentPath, "-o", temp.Combine("out"), "--port", "0", "--peer", "nonsense");
        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
    }

    [Fact]
    public async Task Download_KilledMidway_SecondRunFetchesOnlyWhatWasMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await CreateAsync(temp, 8 * 1024 * 1024);
        await using var seedEngine = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var seed = await seedEngine.AddAsync(torrent, temp.Path, new TorrentOptions { MaxUploadBytesPerSecond = 1024 * 1024 }, ct);
        var peer = $"127.0.0.1:{seedEngine.LocalEndPoint.Port}";
        string[] args = [Cli, "download", torrentPath, "-o", temp.Combine("out"), "--port", "0", "--peer", peer, "--json"];

        int verifiedAtKill;
        await using (var first = ChildProcess.Start("dotnet", args))
        {
            var line = await first.WaitForLineAsync(l => VerifiedPieces(l) >= torrent.PieceCount / 3, TimeSpan.FromSeconds(60), ct);
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
            verifiedAtKill = VerifiedPieces(line);
        }

        Assert.True(verifiedAtKill < torrent.PieceCount, "the first run should be killed before it completes");
        seed.SetRateLimits(0, 0);
        var second = await ChildProcess.RunAsync("dotnet", args, TimeSpan.FromSeconds(90), ct);
        Assert.True(second.ExitCode == 0, second.Output);
        var summary = LastJson(second.Output);
        Assert.True(summary.GetProperty("complete").GetBoolean());
        var fetched = summary.GetProperty("bytesFromPeers").GetInt64();

        // At most what was missing when the last progress line was printed, plus the pieces in flight then.
        var allowed = torrent.TotalSize - ((long)verifiedAtKill * PieceLength) + (32L * PieceLength);
        Assert.True(fetched <= allowed, $"second run fetched {fetched} bytes, allowed {allowed}");
        Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(temp.Combine("out", "payload.bin"))));
    }

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "Publisher.Cli.dll");

    private static int VerifiedPieces(string line)
    {
        if (!line.StartsWith('{'))
        {
            return -1;
        }

        using var json = JsonDocument.Parse(line);
        return json.RootElement.TryGetProperty("verifiedPieces", out var value) ? value.GetInt32() : -1;
    }

    private static JsonElement LastJson(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].StartsWith('{'))
            {
                using var json = JsonDocument.Parse(lines[i]);
                return json.RootElement.Clone();
            }
        }

        throw new Xunit.Sdk.XunitException($"no JSON line in:\n{output}");
    }

    private static async Task<(string Source, string TorrentPath, TorrentInfo Torrent)> CreateAsync(TempDirectory temp, long size)
    {
        var source = temp.WriteRandomFile("payload.bin", size, 5);
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = PieceLength, Threads = 1 }, null, TestContext.Current.CancellationToken);
        var torrentPath = temp.Combine("payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), TestContext.Current.CancellationToken);
        return (source, torrentPath, TorrentInfo.Parse(created.Bytes));
    }
}
