using System.Net;
using Publisher.TestSupport;

namespace Publisher.Server.Tests;

/// <summary>The host as a real process started with no configuration in an empty directory, as on a fresh machine.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new("publisher-server-process");

    [Fact]
    public async Task Start_EmptyWorkingDirectory_ServesHealthAndCreatesTheDataDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, url) = await ServerProcess.StartAsync(_directory.Path, ct);
        await using var _ = server;

        using var client = new HttpClient { BaseAddress = url };
        using var response = await client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(_directory.Combine("data", "publisher.db")), server.Output);
        Assert.True(File.Exists(_directory.Combine("data", "signing-key.pem")), server.Output);
        Assert.Single(server.Output.Split('\n'), line => line.Contains("bootstrap admin key", StringComparison.Ordinal));
        Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
