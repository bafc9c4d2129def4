using System.Globalization;
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
        var port = LoopbackPort.GetFreeTcpPort();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        await using var server = StartServer(url);
        await server.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60), ct);

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        using var response = await client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(_directory.Combine("data", "publisher.db")), server.Output);
        Assert.True(File.Exists(_directory.Combine("data", "signing-key.pem")), server.Output);
        Assert.Single(server.Output.Split('\n'), line => line.Contains("bootstrap admin key", StringComparison.Ordinal));
        Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private ChildProcess StartServer(string url)
    {
        var assembly = typeof(Program).Assembly.Location;
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
        };
        return ChildProcess.Start("dotnet", [assembly, "--urls", url], _directory.Path, environment);
    }
}
