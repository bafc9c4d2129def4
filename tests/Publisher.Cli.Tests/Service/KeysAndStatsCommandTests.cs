using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Publisher.Cli.Tests.Service;

public sealed class KeysAndStatsCommandTests
{
    [Fact]
    public async Task KeysCreate_WithAdminKey_PrintsAKeyThatWorksForItsScopeOnly()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);

        var (code, stdout, stderr) = await CliRunner.RunAsync("keys", "create", "--scope", "stats", "--server", service.Url, "--api-key", ServiceFixture.AdminKey);

        Assert.True(code == CliApp.Success, stderr);
        var key = stdout.Trim();
        Assert.False(string.IsNullOrEmpty(key));
        Assert.DoesNotContain('\n', key);
        Assert.Contains("\"totals\"", await service.GetAsync("/api/stats", key, cancellationToken), StringComparison.Ordinal);
        var denied = await CliRunner.RunAsync("keys", "create", "--scope", "admin", "--server", service.Url, "--api-key", key);
        Assert.Equal(CliApp.Failure, denied.ExitCode);
        CliRunner.AssertOneLine(denied.Stderr);
        Assert.Contains("403", denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_AfterPublish_ListsTheRelease()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var service = await ServiceFixture.StartAsync(cancellationToken);
        var file = service.Directory.WriteRandomFile("stat-me.bin", 20_000, 9);
        var published = await CliRunner.RunAsync("publish", file, "--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--name", "statted", "--version", "3.1.4", "--json");
        Assert.True(published.ExitCode == CliApp.Success, published.Stderr);
        using var release = JsonDocument.Parse(published.Stdout);
        var telemetry = new { infoHash = release.RootElement.GetProperty("infoHashV1").GetString(), bytesFromPeers = 15_000, bytesFromOrigin = 5_000, durationSeconds = 1.5, result = "completed" };
        using (var posted = await service.Client.PostAsJsonAsync("/api/telemetry", telemetry, cancellationToken))
        {
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(cancellationToken));
        }

        var (code, stdout, stderr) = await CliRunner.RunAsync("stats", "--server", service.Url, "--api-key", ServiceFixture.AdminKey);

        Assert.True(code == CliApp.Success, stderr);
        Assert.Contains("savings 75.0%", stdout, StringComparison.Ordinal);
        Assert.Contains("statted", stdout, StringComparison.Ordinal);
        Assert.Contains("3.1.4", stdout, StringComparison.Ordinal);
        var json = await CliRunner.RunAsync("stats", "--server", service.Url, "--api-key", ServiceFixture.AdminKey, "--json");
        Assert.Equal(CliApp.Success, json.ExitCode);
        Assert.Contains("\"statted\"", json.Stdout, StringComparison.Ordinal);
    }
}
