using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Publisher.TestSupport;

namespace Publisher.Server.Tests;

/// <summary>The host as shipped: defaults, first start, restart.</summary>
public sealed class ProgramTests : IDisposable
{
    /// <summary>The event id of "bootstrap admin key created" (ServiceEventIds.BootstrapKeyCreated).</summary>
    private const int BootstrapKeyCreated = 1100;

    private readonly TempDirectory _directory = new("publisher-server");

    [Fact]
    public async Task Health_FreshDataDirectory_Returns200()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PublisherServerFactory(_directory.Combine("data"));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Healthy\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task FirstStart_NoConfiguredKey_PrintsABootstrapKeyOnceThatSurvivesRestarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = _directory.Combine("data");
        string key;
        string signingKey;
        await using (var first = new PublisherServerFactory(data))
        {
            using var client = first.CreateClient();
            var printed = Assert.Single(first.Logs.Entries, e => e.EventId.Id == BootstrapKeyCreated);
            key = printed.Message[(printed.Message.LastIndexOf(' ') + 1)..];
            Assert.StartsWith("pub_", key, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await GetKeysStatusAsync(client, key, ct));
            signingKey = await client.GetStringAsync("/api/keys/signing", ct);
        }

        await using var second = new PublisherServerFactory(data);
        using var again = second.CreateClient();
        Assert.DoesNotContain(second.Logs.Entries, e => e.EventId.Id == BootstrapKeyCreated);
        Assert.DoesNotContain(second.Logs.Entries, e => e.Message.Contains(key, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await GetKeysStatusAsync(again, key, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetKeysStatusAsync(again, key[..^2] + "xx", ct));
        Assert.Equal(signingKey, await again.GetStringAsync("/api/keys/signing", ct));
    }

    [Fact]
    public async Task FirstStart_ConfiguredKey_PrintsNoKeyAndAcceptsTheConfiguredOne()
    {
        var ct = TestContext.Current.CancellationToken;
        const string configured = "ci-supplied-admin-key-42";
        await using var factory = new PublisherServerFactory(_directory.Combine("data"), new Dictionary<string, string?> { ["Publisher:BootstrapApiKey"] = configured });
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetKeysStatusAsync(client, configured, ct));
        Assert.DoesNotContain(factory.Logs.Entries, e => e.EventId.Id == BootstrapKeyCreated);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains(configured, StringComparison.Ordinal));
        using var keys = JsonDocument.Parse(await GetKeysAsync(client, configured, ct));
        Assert.Equal(0, keys.RootElement.GetArrayLength());
    }

    private static async Task<HttpStatusCode> GetKeysStatusAsync(HttpClient client, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static async Task<string> GetKeysAsync(HttpClient client, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    public void Dispose() => _directory.Dispose();
}
