using System.Text.Json;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Cli.Tests;

public sealed class ShowCommandTests
{
    [Fact]
    public async Task Show_Json_HasHashesFilesTrackersAndWebSeeds()
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("pack/one", 40_000, seed: 1);
        temp.WriteRandomFile("pack/two", 1, seed: 2);
        var torrentPath = temp.Combine("p.torrent");
        Assert.Equal(0, (await CliRunner.RunAsync("create", temp.Combine("pack"), "-o", torrentPath, "--tracker", "http://127.0.0.1:9/a", "--web-seed", "http://127.0.0.1:9/s/", "--piece-size", "16384")).ExitCode);
        var torrent = TorrentInfo.Load(torrentPath);

        var (code, stdout, stderr) = await CliRunner.RunAsync("show", torrentPath, "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("pack", root.GetProperty("name").GetString());
        Assert.Equal("hybrid", root.GetProperty("version").GetString());
        Assert.Equal(torrent.InfoHashes.V1!.Value.ToHex(), root.GetProperty("infoHashV1").GetString());
        Assert.Equal(torrent.InfoHashes.V2!.Value.ToHex(), root.GetProperty("infoHashV2").GetString());
        Assert.Equal(40_001, root.GetProperty("size").GetInt64());
        Assert.Equal(16384, root.GetProperty("pieceLength").GetInt32());
        Assert.Equal(torrent.PieceCount, root.GetProperty("pieceCount").GetInt32());
        Assert.False(root.GetProperty("private").GetBoolean());
        Assert.Equal("http://127.0.0.1:9/a", root.GetProperty("trackers")[0][0].GetString());
        Assert.Equal("http://127.0.0.1:9/s/", root.GetProperty("webSeeds")[0].GetString());
        Assert.StartsWith("magnet:?", root.GetProperty("magnet").GetString(), StringComparison.Ordinal);
        Assert.Equal(torrent.InfoHashes, MagnetLink.Parse(root.GetProperty("magnet").GetString()!).InfoHashes);
        var files = root.GetProperty("files");
        Assert.Equal(2, files.GetArrayLength());
        Assert.Equal("pack/one", files[0].GetProperty("path").GetString());
        Assert.Equal(1, files[1].GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task Show_Text_ListsNameHashAndFiles()
    {
        using var temp = new TempDirectory();
        var file = temp.WriteRandomFile("solo.bin", 1000, seed: 1);
        var torrentPath = temp.Combine("s.torrent");
        Assert.Equal(0, (await CliRunner.RunAsync("create", file, "-o", torrentPath, "--format", "v1")).ExitCode);

        var (code, stdout, _) = await CliRunner.RunAsync("show", torrentPath);

        Assert.Equal(0, code);
        Assert.Contains("solo.bin", stdout, StringComparison.Ordinal);
        Assert.Contains(TorrentInfo.Load(torrentPath).InfoHashes.V1!.Value.ToHex(), stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("info hash v2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_MagnetJson_HasHashAndName()
    {
        var hash = new string('a', 40);

        var (code, stdout, _) = await CliRunner.RunAsync("show", $"magnet:?xt=urn:btih:{hash}&dn=My%20File&tr=http%3A%2F%2F127.0.0.1%3A1%2Fa", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(hash, json.RootElement.GetProperty("infoHashV1").GetString());
        Assert.Equal("My File", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("http://127.0.0.1:1/a", json.RootElement.GetProperty("trackers")[0].GetString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("d4:infoi1ee")]
    [InlineData("")]
    public async Task Show_InvalidTorrent_ExitOneWithOneLine(string content)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("bad.torrent");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await CliRunner.RunAsync("show", path);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        CliRunner.AssertOneLine(stderr);
    }

    [Theory]
    [InlineData("magnet:?dn=nohash")]
    [InlineData("/nonexistent/file.torrent")]
    public async Task Show_BadInput_ExitOneWithOneLine(string input)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("show", input);

        Assert.Equal(1, code);
        CliRunner.AssertOneLine(stderr);
    }
}
