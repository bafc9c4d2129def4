using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Publisher.Service.Catalog;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Entitled releases need a download token; each client address is rate limited.</summary>
public sealed class WebSeedAccessTests
{
    private const string Token = "dGhpcy1pcy1hLXRlc3QtdG9rZW4";

    [Fact]
    public async Task Get_EntitledRelease_RequiresAValidToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var torrent = WebSeedTestTorrent.SingleFile("licensed.bin", 1000, seed: 5);
        await using var host = await WebSeedTestHost.StartAsync(ct, configure: services =>
            services.TryAddSingleton<IWebSeedTokenValidator>(new TestTokenValidator(Token, torrent.InfoHashHex)));
        await host.PublishAsync(torrent, "1.0.0", ReleaseAccess.Entitled);

        using var none = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name), ct);
        using var wrong = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name, "d3Jvbmc"), ct);
        using var inPath = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name, Token), ct);
        using var inQuery = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name) + "?token=" + Token, ct);

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inPath.StatusCode);
        Assert.Equal(torrent.Files[0].Content, await inPath.Content.ReadAsByteArrayAsync(ct));
        Assert.Contains("no-store", inPath.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, inQuery.StatusCode);
        Assert.Empty(host.Logs.Errors());
    }

    [Fact]
    public async Task Get_EntitledReleaseWithoutTokenIssuer_IsClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        var torrent = WebSeedTestTorrent.SingleFile("licensed.bin", 1000, seed: 6);
        await using var host = await WebSeedTestHost.StartAsync(ct);
        await host.PublishAsync(torrent, "1.0.0", ReleaseAccess.Entitled);

        using var response = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name, Token), ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_BeyondTheBurst_Returns429WithRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        var torrent = WebSeedTestTorrent.SingleFile("app.bin", 100, seed: 8);
        await using var host = await WebSeedTestHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["Publisher:WebSeed:PermitsPerSecond"] = "1",
            ["Publisher:WebSeed:BurstPermits"] = "3",
        });
        await host.PublishAsync(torrent, "1.0.0");

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 10; i++)
        {
            using var response = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name), ct);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 5);
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1));

        // Other endpoints are not limited by the web seed's policy.
        using var health = await host.Client.GetAsync("health", ct);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
    }

    [Fact]
    public void AddPublisherWebSeed_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddPublisherWebSeed();
        services.AddPublisherWebSeed();

        Assert.Single(services, d => d.ServiceType == typeof(WebSeedServer));
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.Extensions.Options.IValidateOptions<WebSeedOptions>));
    }

    [Theory]
    [InlineData("PermitsPerSecond", "0")]
    [InlineData("BurstPermits", "0")]
    [InlineData("MaxCachedReleases", "0")]
    [InlineData("ReleaseCacheLifetime", "-00:00:01")]
    [InlineData("RedirectLifetime", "00:00:10")]
    [InlineData("SendBufferSize", "1024")]
    public async Task Start_InvalidOption_FailsNamingTheKey(string key, string value)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await WebSeedTestHost.StartAsync(TestContext.Current.CancellationToken, new Dictionary<string, string?> { [$"Publisher:WebSeed:{key}"] = value });
        });

        Assert.Contains($"Publisher:WebSeed:{key}", ex.Message, StringComparison.Ordinal);
    }
}
