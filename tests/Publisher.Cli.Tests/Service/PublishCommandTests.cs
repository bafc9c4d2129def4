using System.Text.Json;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Cli.Tests.Service;

public sealed class PublishCommandTests
{
    [Fact]
    public async Task Publish_Directory_RegistersReleaseWithTheLocalInfoHashAndListsItInTheFeed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);
        var payload = service.Directory.Combine("game");
        service.Directory.WriteRandomFile("game/bin/run", 300_000, 1);
        service.Directory.WriteRandomFile("game/readme.txt", 1_234, 2);
        var local = await TorrentBuilder.CreateAsync(payload, new TorrentBuilderOptions { Format = TorrentFormat.Hybrid }, null, cancellationToken);

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "publish", payload, "--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--name", "game", "--version", "1.2.0", "--json");

        Assert.True(code == CliApp.Success, stderr);
        using var printed = JsonDocument.Parse(stdout);
        Assert.Equal(local.InfoHashes.V2!.Value.ToHex(), printed.RootElement.GetProperty("infoHashV2").GetString());
        Assert.Equal(local.InfoHashes.V1!.Value.ToHex(), printed.RootElement.GetProperty("infoHashV1").GetString());
        Assert.StartsWith("magnet:?", printed.RootElement.GetProperty("magnet").GetString(), StringComparison.Ordinal);
        var releases = await service.GetAsync("/api/releases?product=game", null, cancellationToken);
        Assert.Contains("\"1.2.0\"", releases, StringComparison.Ordinal);
        Assert.Contains(local.InfoHashes.V2!.Value.ToHex(), releases, StringComparison.Ordinal);
        var feed = await service.GetAsync("/feeds/stable.rss", null, cancellationToken);
        Assert.Contains("1.2.0", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_SameVersionTwice_FailsWithOneLine409()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);
        var file = service.Directory.WriteRandomFile("tool.bin", 50_000, 3);
        string[] args = ["publish", file, "--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--name", "tool", "--version", "2.0.0"];
        var first = await CliRunner.RunAsync(args);
        Assert.True(first.ExitCode == CliApp.Success, first.Stderr);
        Assert.Contains("release", first.Stdout, StringComparison.Ordinal);

        service.Directory.WriteRandomFile("tool.bin", 50_000, 4);
        var (code, _, stderr) = await CliRunner.RunAsync(args);

        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("409", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WrongKey_FailsWithOneLine401()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);
        var file = service.Directory.WriteRandomFile("tool.bin", 10_000, 5);

        var (code, _, stderr) = await CliRunner.RunAsync("publish", file, "--server", service.Url, "--api-key", "not-a-key", "--name", "tool", "--version", "1.0.0");

        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("401", stderr, StringComparison.Ordinal);
        Assert.Contains("[]", await service.GetAsync("/api/releases", null, cancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_LargerThanTheServerAccepts_FailsWithOneLine413()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken, new Dictionary<string, string?> { ["Publisher:Releases:MaxUploadBytes"] = "4096" });
        var file = service.Directory.WriteRandomFile("big.bin", 200_000, 6);

        var (code, _, stderr) = await CliRunner.RunAsync("publish", file, "--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--name", "big", "--version", "1.0.0");

        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("413", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_NoServer_FailsWithOneLineNamingTheVariable()
    {
        using var directory = new Publisher.TestSupport.TempDirectory("publisher-cli-noserver");
        var file = directory.WriteRandomFile("a.bin", 100, 7);
        var previous = Environment.GetEnvironmentVariable(ServiceClient.ServerVariable);
        Environment.SetEnvironmentVariable(ServiceClient.ServerVariable, null);
        try
        {
            var (code, _, stderr) = await CliRunner.RunAsync("publish", file, "--api-key", "k", "--name", "a", "--version", "1.0.0");

            Assert.Equal(CliApp.Usage, code);
            CliRunner.AssertOneLine(stderr);
            Assert.Contains(ServiceClient.ServerVariable, stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServiceClient.ServerVariable, previous);
        }
    }

    [Fact]
    public async Task Publish_ServerNotListening_FailsWithOneLine()
    {
        using var directory = new Publisher.TestSupport.TempDirectory("publisher-cli-down");
        var file = directory.WriteRandomFile("a.bin", 100, 8);
        var port = Publisher.TestSupport.LoopbackPort.GetFreeTcpPort();

        var (code, _, stderr) = await CliRunner.RunAsync("publish", file, "--server", $"http://127.0.0.1:{port}", "--api-key", "k", "--name", "a", "--version", "1.0.0");

        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("cannot reach", stderr, StringComparison.Ordinal);
    }
}
