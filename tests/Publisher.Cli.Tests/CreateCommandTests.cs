using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Cli.Tests;

public sealed class CreateCommandTests
{
    [Theory]
    [InlineData("v1", TorrentVersion.V1)]
    [InlineData("v2", TorrentVersion.V2)]
    [InlineData("hybrid", TorrentVersion.Hybrid)]
    public async Task Create_Directory_WritesTorrentAndPrintsInfoHashes(string format, TorrentVersion version)
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("pack/a b.bin", 70_000, seed: 1);
        temp.WriteRandomFile("pack/ü/c", 10, seed: 2);
        var output = temp.Combine("out.torrent");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "create", temp.Combine("pack"), "-o", output, "--format", format, "--piece-size", "16384",
            "--tracker", "http://127.0.0.1:1/announce", "--tracker", "http://127.0.0.1:2/announce",
            "--web-seed", "http://127.0.0.1:3/", "--private", "--threads", "2", "--comment", "hello");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var torrent = TorrentInfo.Load(output);
        Assert.Equal(version, torrent.Version);
        Assert.True(torrent.IsPrivate);
        Assert.Equal(16384, torrent.PieceLength);
        Assert.Equal(2, torrent.Trackers.Count);
        Assert.Equal(["http://127.0.0.1:3/"], torrent.WebSeeds);
        Assert.Equal("hello", torrent.Comment);
        Assert.Null(torrent.CreationDate);
        if (torrent.InfoHashes.V1 is { } v1)
        {
            Assert.Contains($"info hash v1: {v1.ToHex()}", stdout, StringComparison.Ordinal);
        }

        if (torrent.InfoHashes.V2 is { } v2)
        {
            Assert.Contains($"info hash v2: {v2.ToHex()}", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_Twice_SameBytes()
    {
        using var temp = new TempDirectory();
        var file = temp.WriteRandomFile("single.iso", 100_000, seed: 3);

        Assert.Equal(0, (await CliRunner.RunAsync("create", file, "-o", temp.Combine("1.torrent"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("create", file, "-o", temp.Combine("2.torrent"), "--threads", "1")).ExitCode);

        Assert.Equal(await File.ReadAllBytesAsync(temp.Combine("1.torrent"), TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(temp.Combine("2.torrent"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_MissingPath_ExitOneWithOneLine()
    {
        using var temp = new TempDirectory();

        var (code, _, stderr) = await CliRunner.RunAsync("create", temp.Combine("nothing-here"), "-o", temp.Combine("x.torrent"));

        Assert.Equal(1, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Cancelled_ExitOneWithOneLine()
    {
        using var temp = new TempDirectory();
        var file = temp.WriteRandomFile("f", 1 << 20, seed: 1);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var code = await CliApp.RunAsync(["create", file, "-o", temp.Combine("x.torrent")], stdout, stderr, cancelled.Token);

        Assert.Equal(1, code);
        CliRunner.AssertOneLine(stderr.ToString());
        Assert.False(File.Exists(temp.Combine("x.torrent")));
    }

    [Theory]
    [InlineData("--piece-size", "1000")]
    [InlineData("--threads", "0")]
    public async Task Create_BadOptionValue_ExitOne(string option, string value)
    {
        using var temp = new TempDirectory();
        var file = temp.WriteRandomFile("f", 10, seed: 1);

        var (code, _, stderr) = await CliRunner.RunAsync("create", file, "-o", temp.Combine("x.torrent"), option, value);

        Assert.Equal(1, code);
        CliRunner.AssertOneLine(stderr);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("create", "x", "--format", "v3")]
    [InlineData("create", "x", "--piece-size", "big")]
    [InlineData("frobnicate")]
    [InlineData]
    public async Task Create_BadUsage_ExitTwoWithOneLine(params string[] args)
    {
        var (code, _, stderr) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        CliRunner.AssertOneLine(stderr);
    }
}
