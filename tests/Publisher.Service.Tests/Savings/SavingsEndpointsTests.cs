using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Savings;

/// <summary>Client telemetry in, savings statistics out.</summary>
public sealed class SavingsEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Telemetry_TwoReports_StatsShowPeerAndOriginBytesAndTheSavings()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("stats-game", "1.0.0"));

        Assert.Equal(HttpStatusCode.Accepted, await ReportAsync($$"""{"infoHash":"{{release.InfoHashV1}}","bytesFromPeers":900,"bytesFromOrigin":100,"durationSeconds":12.5,"result":"completed"}""", ct));
        Assert.Equal(HttpStatusCode.Accepted, await ReportAsync($$"""{"infoHash":"{{release.InfoHashV2}}","bytesFromPeers":0,"bytesFromOrigin":1000,"result":"failed"}""", ct));

        using var request = ServiceHost.Request(HttpMethod.Get, "/api/stats?days=7", ServiceHost.AdminKey);
        using var response = await _host.Client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var totals = stats.GetProperty("totals");
        Assert.Equal(900, totals.GetProperty("peerBytes").GetInt64());
        Assert.Equal(1100, totals.GetProperty("originBytes").GetInt64());
        Assert.Equal(2000, totals.GetProperty("deliveredBytes").GetInt64());
        Assert.Equal(0.45, totals.GetProperty("savings").GetDouble(), 6);
        Assert.Equal(1, totals.GetProperty("completedDownloads").GetInt64());
        Assert.Equal(1, totals.GetProperty("failedDownloads").GetInt64());
        var perRelease = Assert.Single(stats.GetProperty("releases").EnumerateArray());
        Assert.Equal("stats-game", perRelease.GetProperty("product").GetString());
        Assert.Single(stats.GetProperty("days").EnumerateArray());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{"infoHash":"not-hex-not-hex-not-hex-not-hex-not-hex!","result":"completed"}""")]
    [InlineData("""{"infoHash":"00","result":"completed"}""")]
    [InlineData("""{"infoHash":"0000000000000000000000000000000000000000","bytesFromPeers":-1,"result":"completed"}""")]
    [InlineData("""{"infoHash":"0000000000000000000000000000000000000000","bytesFromPeers":"lots","result":"completed"}""")]
    [InlineData("""{"infoHash":"0000000000000000000000000000000000000000","bytesFromPeers":99999999999999999999999,"result":"completed"}""")]
    [InlineData("""{"infoHash":"0000000000000000000000000000000000000000","result":"exploded"}""")]
    [InlineData("""{"infoHash":"0000000000000000000000000000000000000000","durationSeconds":-3,"result":"completed"}""")]
    public async Task Telemetry_Malformed_Returns400(string body)
    {
        Assert.Equal(HttpStatusCode.BadRequest, await ReportAsync(body, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Telemetry_UnknownReleaseTooLargeOrNotJson_AreRefused()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.NotFound, await ReportAsync("""{"infoHash":"0000000000000000000000000000000000000000","result":"completed"}""", ct));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await ReportAsync("""{"infoHash":"00","pad":""" + "\"" + new string('x', 10_000) + "\"}", ct));
        using var text = await _host.Client.PostAsync("/api/telemetry", new StringContent("infoHash=00", Encoding.UTF8, "text/plain"), ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Stats_WithoutStatsScope_Returns401Or403AndBadPeriod400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var create = ServiceHost.Request(HttpMethod.Post, "/api/keys", ServiceHost.AdminKey);
        create.Content = JsonContent.Create(new { name = "publisher", scopes = new[] { "publish" } });
        using var created = await _host.Client.SendAsync(create, ct);
        var publishKey = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString();

        using var anonymous = await _host.Client.GetAsync("/api/stats", ct);
        using var forbidden = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/stats", publishKey), ct);
        using var badPeriod = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/stats?days=0", ServiceHost.AdminKey), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
    }

    private async Task<HttpStatusCode> ReportAsync(string json, CancellationToken ct)
    {
        using var response = await _host.Client.PostAsync("/api/telemetry", new StringContent(json, Encoding.UTF8, "application/json"), ct);
        return response.StatusCode;
    }
}
