using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;
using Publisher.Service.Tests.Tracker;

namespace Publisher.Service.Tests.Security;

/// <summary>The licence server's endpoint: issue a token for an entitled release, announce with it, revoke it.</summary>
public sealed class DownloadTokenEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Issue_EntitledRelease_AnnounceSucceedsUntilRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("licensed", "1.0.0") with { Access = ReleaseAccess.Entitled });
        var hash = Convert.FromHexString(release.InfoHashV1!);

        Assert.Equal("this torrent needs a download token", TrackerHttpTests.Failure(await AnnounceAsync(hash, "/announce")));

        var issued = await IssueAsync(release.Id, new { userId = "customer-7", lifetimeSeconds = 3600 }, ServiceHost.AdminKey, HttpStatusCode.OK);
        var token = issued.GetProperty("token").GetString()!;
        var announceUrl = new Uri(issued.GetProperty("announceUrl").GetString()!);
        Assert.Equal("/announce/" + token, announceUrl.AbsolutePath);
        Assert.EndsWith($"/seed/{release.InfoHashV1}.{token}/", issued.GetProperty("webSeedUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("customer-7", issued.GetProperty("userId").GetString());
        Assert.Equal(16, issued.GetProperty("tokenId").GetString()!.Length);

        Assert.True((await AnnounceAsync(hash, announceUrl.AbsolutePath)).ContainsKey("peers"));

        using (var revoke = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{release.Id}/tokens/revoke", ServiceHost.AdminKey))
        {
            revoke.Content = JsonContent.Create(new { token });
            using var revoked = await _host.Client.SendAsync(revoke, ct);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(hash, announceUrl.AbsolutePath)));
        Assert.True(await _host.Services.GetRequiredService<ICatalogRepository>().IsDownloadTokenRevokedAsync(issued.GetProperty("tokenId").GetString()!, ct));
    }

    [Fact]
    public async Task Revoke_Token_StaysRefusedAfterARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new Publisher.TestSupport.TempDirectory("publisher-token-restart");
        var settings = new Dictionary<string, string?> { ["Publisher:Tracker:TokenSigningKey"] = Convert.ToBase64String(new byte[32] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2 }) };
        string token;
        string kept;
        byte[] hash;
        var first = await ServiceHost.StartAsync(ct, settings, directory.Combine("data"));
        await using (first)
        {
            var release = await Testing.Releases.PublishAsync(first, Testing.Releases.New("licensed-restart", "1.0.0") with { Access = ReleaseAccess.Entitled });
            hash = Convert.FromHexString(release.InfoHashV1!);
            token = (await IssueAsync(first, release.Id, new { userId = "gone" }, ServiceHost.AdminKey, HttpStatusCode.OK)).GetProperty("token").GetString()!;
            kept = (await IssueAsync(first, release.Id, new { userId = "kept" }, ServiceHost.AdminKey, HttpStatusCode.OK)).GetProperty("token").GetString()!;
            using var revoke = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{release.Id}/tokens/revoke", ServiceHost.AdminKey);
            revoke.Content = JsonContent.Create(new { token });
            using var revoked = await first.Client.SendAsync(revoke, ct);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        var second = await ServiceHost.StartAsync(ct, settings, directory.Combine("data"));
        await using (second)
        {
            Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(second, hash, "/announce/" + token)));
            Assert.True((await AnnounceAsync(second, hash, "/announce/" + kept)).ContainsKey("peers"));
        }
    }

    [Fact]
    public async Task Revoke_User_StaysRefusedAfterARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new Publisher.TestSupport.TempDirectory("publisher-user-restart");
        var settings = new Dictionary<string, string?> { ["Publisher:Tracker:TokenSigningKey"] = Convert.ToBase64String(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2 }) };
        string leaverToken;
        string otherReleaseToken;
        string stayerToken;
        byte[] hash;
        byte[] otherHash;
        var first = await ServiceHost.StartAsync(ct, settings, directory.Combine("data"));
        await using (first)
        {
            var release = await Testing.Releases.PublishAsync(first, Testing.Releases.New("licensed-leaver", "1.0.0") with { Access = ReleaseAccess.Entitled });
            var other = await Testing.Releases.PublishAsync(first, Testing.Releases.New("licensed-leaver", "1.1.0") with { Access = ReleaseAccess.Entitled });
            hash = Convert.FromHexString(release.InfoHashV1!);
            otherHash = Convert.FromHexString(other.InfoHashV1!);
            leaverToken = (await IssueAsync(first, release.Id, new { userId = "leaver" }, ServiceHost.AdminKey, HttpStatusCode.OK)).GetProperty("token").GetString()!;
            otherReleaseToken = (await IssueAsync(first, other.Id, new { userId = "leaver" }, ServiceHost.AdminKey, HttpStatusCode.OK)).GetProperty("token").GetString()!;
            stayerToken = (await IssueAsync(first, release.Id, new { userId = "stayer" }, ServiceHost.AdminKey, HttpStatusCode.OK)).GetProperty("token").GetString()!;
            using var revoke = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{release.Id}/tokens/revoke", ServiceHost.AdminKey);
            revoke.Content = JsonContent.Create(new { userId = "leaver" });
            using var revoked = await first.Client.SendAsync(revoke, ct);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        // A new process: nothing in memory, the catalogue remembers the user.
        var second = await ServiceHost.StartAsync(ct, settings, directory.Combine("data"));
        await using (second)
        {
            Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(second, hash, "/announce/" + leaverToken)));
            Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(second, otherHash, "/announce/" + otherReleaseToken)));
            Assert.True((await AnnounceAsync(second, hash, "/announce/" + stayerToken)).ContainsKey("peers"));
        }
    }

    [Fact]
    public async Task Revoke_User_RefusesEveryTokenOfThatUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("licensed-users", "2.0.0") with { Access = ReleaseAccess.Entitled });
        var hash = Convert.FromHexString(release.InfoHashV1!);
        var first = await IssueAsync(release.Id, new { userId = "leaver" }, ServiceHost.AdminKey, HttpStatusCode.OK);
        var other = await IssueAsync(release.Id, new { userId = "stayer" }, ServiceHost.AdminKey, HttpStatusCode.OK);

        using (var revoke = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{release.Id}/tokens/revoke", ServiceHost.AdminKey))
        {
            revoke.Content = JsonContent.Create(new { userId = "leaver" });
            using var revoked = await _host.Client.SendAsync(revoke, ct);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(hash, "/announce/" + first.GetProperty("token").GetString())));
        Assert.True((await AnnounceAsync(hash, "/announce/" + other.GetProperty("token").GetString())).ContainsKey("peers"));
    }

    [Fact]
    public async Task Issue_NonAdminOrBadInput_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("licensed-bad", "1.0.0") with { Access = ReleaseAccess.Entitled });
        using var create = ServiceHost.Request(HttpMethod.Post, "/api/keys", ServiceHost.AdminKey);
        create.Content = JsonContent.Create(new { name = "ci", scopes = new[] { "publish", "stats" } });
        using var created = await _host.Client.SendAsync(create, ct);
        var publishKey = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString();

        await IssueAsync(release.Id, new { userId = "u" }, publishKey, HttpStatusCode.Forbidden);
        await IssueAsync(release.Id, new { userId = "u" }, null, HttpStatusCode.Unauthorized);
        await IssueAsync(release.Id, new { userId = "" }, ServiceHost.AdminKey, HttpStatusCode.BadRequest);
        await IssueAsync(release.Id, new { userId = new string('u', 65) }, ServiceHost.AdminKey, HttpStatusCode.BadRequest);
        await IssueAsync(release.Id, new { userId = "u", lifetimeSeconds = 0 }, ServiceHost.AdminKey, HttpStatusCode.BadRequest);
        await IssueAsync(release.Id + 1000, new { userId = "u" }, ServiceHost.AdminKey, HttpStatusCode.NotFound);

        using var revoke = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{release.Id}/tokens/revoke", ServiceHost.AdminKey);
        revoke.Content = JsonContent.Create(new { token = "not-a-token" });
        using var revoked = await _host.Client.SendAsync(revoke, ct);
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
    }

    private Task<Dictionary<string, object>> AnnounceAsync(byte[] hash, string path) => AnnounceAsync(_host, hash, path);

    private static async Task<Dictionary<string, object>> AnnounceAsync(ServiceHost host, byte[] hash, string path)
        => await TrackerHttpTests.GetAsync(host.Client,
            $"{path}?info_hash={TrackerQuery.Encode(hash)}&peer_id={TrackerQuery.Encode(TrackerQuery.Hash(5))}&port=7001&uploaded=0&downloaded=0&left=10&compact=1");

    private Task<JsonElement> IssueAsync(long releaseId, object body, string? key, HttpStatusCode expected) => IssueAsync(_host, releaseId, body, key, expected);

    private static async Task<JsonElement> IssueAsync(ServiceHost host, long releaseId, object body, string? key, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{releaseId}/tokens", key);
        request.Content = JsonContent.Create(body);
        using var response = await host.Client.SendAsync(request, ct);
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(ct) : default;
    }
}
