using System.Text.Json;
using Xunit;

namespace Publisher.Cli.Tests.Service;

/// <summary><c>publisher publish</c> hashing and uploading at once into the service's staging, then registering.</summary>
public sealed class PublishStagedTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("upload")]
    public async Task Publish_Directory_StoresByteIdenticalFilesUnderTheReleaseAndLeavesNoStaging(string transport)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);
        var payload = service.Directory.Combine("suite");
        string[] names = ["bin/server", "bin/client", "assets/a.pak", "assets/b.pak", "readme.txt", "empty.txt"];
        long[] sizes = [3_500_000, 1_048_577, 700_001, 65_536, 1_234, 0];
        for (var i = 0; i < names.Length; i++)
        {
            service.Directory.WriteRandomFile("suite/" + names[i], sizes[i], 20 + i);
        }

        // The service is on this host with a local store: by default the CLI writes into its staging while hashing;
        // --no-local makes it upload over HTTP.
        string[] noLocal = transport == "local" ? [] : ["--no-local"];
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            ["publish", payload, "--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--name", "suite", "--version", "3.1.0", "--json", .. noLocal]);

        Assert.True(code == CliApp.Success, stderr);
        using var printed = JsonDocument.Parse(stdout);
        var hash = printed.RootElement.GetProperty("infoHashV1").GetString()!;
        Assert.Equal(transport, printed.RootElement.GetProperty("transport").GetString());
        Assert.True(printed.RootElement.GetProperty("phases").GetProperty("uploadedAfterSeconds").GetDouble() > 0);
        var blobs = service.Directory.Combine("data", "blobs");
        for (var i = 0; i < names.Length; i++)
        {
            var stored = Path.Combine(blobs, "releases", hash, "suite", names[i]);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(payload, names[i]), cancellationToken), await File.ReadAllBytesAsync(stored, cancellationToken));
        }

        var staging = Path.Combine(blobs, "staging");
        Assert.True(!Directory.Exists(staging) || Directory.GetFileSystemEntries(staging, "*", SearchOption.AllDirectories).All(Directory.Exists), "staged files left behind");
        Assert.Empty(Directory.GetFiles(Path.Combine(blobs, ".incoming")));
    }

    [Fact]
    public async Task Publish_VersionTaken_FailsAndRemovesWhatItStaged()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);
        var first = service.Directory.WriteRandomFile("one/tool.bin", 40_000, 30);
        var second = service.Directory.WriteRandomFile("two/tool.bin", 40_000, 31);
        string[] common = ["--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--name", "tool", "--version", "1.0.0"];
        var published = await CliRunner.RunAsync(["publish", first, .. common]);
        Assert.True(published.ExitCode == CliApp.Success, published.Stderr);

        var (code, _, stderr) = await CliRunner.RunAsync(["publish", second, .. common]);

        Assert.Equal(CliApp.Failure, code);
        CliRunner.AssertOneLine(stderr);
        Assert.Contains("409", stderr, StringComparison.Ordinal);
        var staging = service.Directory.Combine("data", "blobs", "staging");
        Assert.True(!Directory.Exists(staging) || Directory.GetFiles(staging, "*", SearchOption.AllDirectories).Length == 0, "staged files left behind");
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/publisher/staging/abc/game/bin/run?sv=1&sig=x", "staging/abc/game/bin/run", "http://127.0.0.1:10000/devstoreaccount1", "publisher")]
    [InlineData("https://acct.blob.core.windows.net/releases/staging/abc/a%20b.bin?sig=x", "staging/abc/a b.bin", "https://acct.blob.core.windows.net", "releases")]
    public void TrySplit_SasUrlAndKey_GivesEndpointAndContainer(string url, string key, string endpoint, string container)
    {
        Assert.True(DirectBlobUpload.TrySplit(new Uri(url), key, out var gotEndpoint, out var gotContainer));
        Assert.Equal(endpoint, gotEndpoint);
        Assert.Equal(container, gotContainer);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/c/other/key?sig=x", "staging/abc/key")]
    [InlineData("https://acct.blob.core.windows.net/staging/abc/key?sig=x", "staging/abc/key")]
    [InlineData("https://acct.blob.core.windows.net/c/staging/abc/key?sig=x", null)]
    public void TrySplit_UrlNotEndingWithTheKey_IsRefused(string url, string? key)
    {
        Assert.False(DirectBlobUpload.TrySplit(new Uri(url), key, out _, out _));
    }
}
