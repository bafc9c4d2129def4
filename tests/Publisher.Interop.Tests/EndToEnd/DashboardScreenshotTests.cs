using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Savings;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.EndToEnd;

/// <summary>The dashboard rendered by headless Debian Chromium: the table lists the published release and the chart has bars.</summary>
public sealed partial class DashboardScreenshotTests
{
    [Fact]
    public async Task Dashboard_InHeadlessChromium_ShowsReleaseTableAndChart()
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await EndToEndHost.StartAsync(ct);

        using var form = new MultipartFormDataContent
        {
            { new StringContent("shot-app"), "product" },
            { new StringContent("3.1.4"), "version" },
            { new ByteArrayContent(new byte[40_000]), "files", "shot-app-3.1.4/app.bin" },
            { new ByteArrayContent(new byte[1_000]), "files", "shot-app-3.1.4/readme.txt" },
        };
        using var published = await host.Client.PostAsync(new Uri("api/releases/upload", UriKind.Relative), form, ct);
        Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync(ct));
        var release = await published.Content.ReadFromJsonAsync<JsonElement>(ct);
        var infoHash = release.GetProperty("infoHashV1").GetString();
        using (var telemetry = await host.Client.PostAsJsonAsync(new Uri("api/telemetry", UriKind.Relative),
            new { infoHash, bytesFromPeers = 30_000_000, bytesFromOrigin = 10_000_000, durationSeconds = 3.0, result = "completed" }, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, telemetry.StatusCode);
        }

        await host.Services.GetRequiredService<SavingsRecorder>().FlushAsync(ct);

        var screenshot = host.Directory.Combine("dashboard.png");
        var shot = await RunChromiumAsync(chromium, host, [$"--screenshot={screenshot}", "--window-size=1280,900", host.BaseAddress.ToString()], ct);
        Assert.True(File.Exists(screenshot), shot);
        if (Environment.GetEnvironmentVariable("PUBLISHER_KEEP_SCREENSHOT") is { Length: > 0 } keep)
        {
            File.Copy(screenshot, keep, overwrite: true);
        }

        var image = PngPixels.Decode(await File.ReadAllBytesAsync(screenshot, ct));
        Assert.Equal(1280, image.Width);
        Assert.Equal(900, image.Height);
        Assert.True(image.CountNotBackground() > 1280 * 900 / 50, "the screenshot is (nearly) blank");
        Assert.True(image.CountColours(64) >= 8, "the screenshot has too few colours to show a chart");

        // The DOM after rendering: the table row of the release and the chart's bars for today.
        var dom = await RunChromiumAsync(chromium, host, ["--dump-dom", host.BaseAddress.ToString()], ct);
        var row = RowPattern().Match(dom);
        Assert.True(row.Success, dom);
        Assert.Contains("shot-app 3.1.4", row.Value, StringComparison.Ordinal);
        Assert.Contains("75", row.Value, StringComparison.Ordinal);
        var peerBar = PeerBarPattern().Match(dom);
        Assert.True(peerBar.Success, dom);
        Assert.True(double.Parse(peerBar.Groups["height"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, peerBar.Value);
    }

    private static async Task<string> RunChromiumAsync(string chromium, EndToEndHost host, string[] arguments, CancellationToken ct)
    {
        var profile = host.Directory.Combine("chromium-profile-" + Guid.NewGuid().ToString("N"));
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
        ];
        var result = await ChildProcess.RunAsync(chromium, [.. common, .. arguments], TimeSpan.FromSeconds(90), ct,
            environment: new Dictionary<string, string> { ["HOME"] = profile });
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }

    [GeneratedRegex("<tr data-release-id=\"[0-9]+\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<rect class=\"peers\" data-date=\"[0-9-]+\"[^>]*height=\"(?<height>[0-9.]+)\"", RegexOptions.Singleline)]
    private static partial Regex PeerBarPattern();
}
