using System.Net;
using System.Text;
using Publisher.Service.Dashboard;
using Publisher.Service.Savings;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Dashboard;

public sealed class DashboardPageTests
{
    [Fact]
    public void Render_HostileNames_AreEncoded()
    {
        var figures = new SavingsFigures(10, 90, 100, 0.9, 1, 0);
        var stats = new StatsResponse("2026-11-01", "2026-11-02", figures,
            [new DayStats("2026-11-02", figures)],
            [new ReleaseStats(1, "<script>alert(1)</script>", "1.0.0\"", "beta&", figures)]);

        var html = DashboardPage.Render(stats, 2);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("data-date=\"2026-11-02\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Figures_ShowsEverySourceBesideTheTotals()
    {
        var figures = new SavingsFigures(10_000, 90_000, 100_000, 0.9, 1, 0,
            AnnouncedUploadedBytes: 70_000, AnnouncedDownloadedBytes: 80_000, SeedUploadedBytes: 60_000,
            MeasuredOriginBytes: 5_000, ReportedPeerBytes: 90_000, ReportedOriginBytes: 10_000);
        var stats = new StatsResponse("2026-11-01", "2026-11-02", figures, [new DayStats("2026-11-02", figures)], [new ReleaseStats(7, "app", "1.0.0", "stable", figures)]);

        var html = DashboardPage.Render(stats, 2);

        Assert.Contains("<tr id=\"source-measured-origin\"><td>Origin, measured by the web seed</td><td>5.00 kB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"source-reported-peers\"><td>From peers, reported by clients</td><td>90.0 kB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"source-reported-origin\"><td>From the origin, reported by clients</td><td>10.0 kB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"source-announced-uploaded\"><td>Uploaded, announced by peers to the tracker</td><td>70.0 kB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"source-announced-downloaded\"><td>Downloaded, announced by peers to the tracker</td><td>80.0 kB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"source-seed-uploaded\"><td>Uploaded by the service&#x27;s own seed (peer bytes)</td><td>60.0 kB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1</td><td>70.0 kB</td><td>80.0 kB</td><td>60.0 kB</td></tr>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1.00 kB")]
    [InlineData(1_500_000, "1.50 MB")]
    [InlineData(25_000_000_000, "25.0 GB")]
    [InlineData(750_000_000_000_000, "750 TB")]
    public void Bytes_Values_UseDecimalUnits(long bytes, string expected)
    {
        Assert.Equal(expected, DashboardPage.Bytes(bytes));
    }

    [Fact]
    public async Task Dashboard_AfterTelemetry_ShowsTotalsChartAndReleaseRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        var release = await Testing.Releases.PublishAsync(host, Testing.Releases.New("dash", "1.0.0"));
        var report = $$"""{"infoHash":"{{release.InfoHashV1}}","bytesFromPeers":9000000,"bytesFromOrigin":1000000,"result":"completed"}""";
        using (var posted = await host.Client.PostAsync("/api/telemetry", new StringContent(report, Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        using var response = await host.Client.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync(ct);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("id=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains($"<rect class=\"peers\" data-date=\"{today}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<rect class=\"origin\" data-date=\"{today}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-release-id=\"{release.Id}\"><td>dash 1.0.0</td>", html, StringComparison.Ordinal);
        Assert.Contains("90.0 %", html, StringComparison.Ordinal);
        Assert.Contains("10.0 MB", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(host.Logs.Errors());
    }
}
