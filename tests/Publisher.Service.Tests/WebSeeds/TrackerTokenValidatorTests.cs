using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;
using Publisher.Service.Tracker;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>With the tracker registered, its download tokens open entitled releases' web seeds (and only theirs, and only while valid).</summary>
public sealed class TrackerTokenValidatorTests
{
    [Fact]
    public async Task Get_EntitledRelease_AcceptsOnlyAGenuineUnexpiredUnrevokedTokenForIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var torrent = WebSeedTestTorrent.SingleFile("licensed.bin", 2000, seed: 41);
        var other = WebSeedTestTorrent.SingleFile("other.bin", 2000, seed: 42);
        await using var host = await WebSeedTestHost.StartAsync(ct, configure: services =>
        {
            services.TryAddSingleton<TimeProvider>(clock);
            services.AddPublisherTracker();
        });
        await host.PublishAsync(torrent, "1.0.0", ReleaseAccess.Entitled);
        Assert.IsType<TrackerTokenValidator>(host.Services.GetRequiredService<IWebSeedTokenValidator>());
        var tokens = host.Services.GetRequiredService<DownloadTokenService>();
        var hash = TrackerInfoHash.FromBytes(Convert.FromHexString(torrent.InfoHashHex));
        var good = tokens.Issue("alice", hash, TimeSpan.FromHours(1));
        var forOther = tokens.Issue("alice", TrackerInfoHash.FromBytes(Convert.FromHexString(other.InfoHashHex)), TimeSpan.FromHours(1));
        var revoked = tokens.Issue("bob", hash, TimeSpan.FromHours(1));
        tokens.Validate(revoked, hash, out var revokedClaims);
        host.Services.GetRequiredService<InMemoryDownloadTokenRevocationList>().RevokeToken(revokedClaims!.TokenId);
        var tampered = good[..^2] + (good[^2] == 'A' ? "B" : "A") + good[^1];

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(host, torrent, good, ct));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(host, torrent, null, ct, query: "?token=" + good));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(host, torrent, forOther, ct));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(host, torrent, revoked, ct));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(host, torrent, tampered, ct));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(host, torrent, null, ct));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(host, torrent, good, ct));
        Assert.Empty(host.Logs.Errors());
    }

    private static async Task<HttpStatusCode> StatusAsync(WebSeedTestHost host, WebSeedTestTorrent torrent, string? token, CancellationToken ct, string query = "")
    {
        using var response = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name, token) + query, ct);
        return response.StatusCode;
    }
}
