using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.EndToEnd;

/// <summary>
/// The product's story in one test: publish a directory through the API, the feed lists it, libtorrent downloads it
/// from the web seed then a second libtorrent client from the first, the clients' telemetry is posted, and
/// <c>/api/stats</c> and <c>/metrics</c> show origin bytes, peer bytes and the savings.
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Publish_DownloadWithLibtorrent_StatsAndMetricsShowOriginPeerBytesAndSavings()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await EndToEndHost.StartAsync(ct);
        var source = host.Directory.Combine("source");
        var sizes = new[] { 300_000L, 123_457L };
        host.Directory.WriteRandomFile("source/e2e-app-1.2.0/bin/app.dat", sizes[0], 1);
        host.Directory.WriteRandomFile("source/e2e-app-1.2.0/readme.txt", sizes[1], 2);
        var total = sizes[0] + sizes[1];

        // Publish through the API (streamed multipart upload, hashed server-side).
        using var form = new MultipartFormDataContent
        {
            { new StringContent("e2e-app"), "product" },
            { new StringContent("1.2.0"), "version" },
            { new StringContent("stable"), "channel" },
            { new StringContent("First end-to-end release."), "notes" },
        };
        foreach (var relative in new[] { "e2e-app-1.2.0/bin/app.dat", "e2e-app-1.2.0/readme.txt" })
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(source, relative), ct)), "files", relative);
        }

        using var published = await host.Client.PostAsync(new Uri("api/releases/upload", UriKind.Relative), form, ct);
        Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync(ct));
        var release = await published.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = release.GetProperty("id").GetInt64();
        var infoHash = release.GetProperty("infoHashV1").GetString()!;

        // The feed lists it with a .torrent enclosure.
        var rss = await host.Client.GetStringAsync(new Uri("feeds/stable.rss", UriKind.Relative), ct);
        Assert.Contains("1.2.0", rss, StringComparison.Ordinal);
        Assert.Contains($"api/releases/{id}/torrent", rss, StringComparison.Ordinal);

        // libtorrent: A from the web seed (no peers yet), then B from A alone.
        var torrentPath = host.Directory.Combine("release.torrent");
        await File.WriteAllBytesAsync(torrentPath, await host.Client.GetByteArrayAsync(new Uri($"api/releases/{id}/torrent", UriKind.Relative), ct), ct);
        var script = EndToEndScript.Write(host.Directory.Path);
        var run = await ChildProcess.RunAsync(python, [script, torrentPath, host.Directory.Combine("clients")], TimeSpan.FromSeconds(150), ct);
        Assert.True(run.ExitCode == 0, run.Output);
        var resultLine = run.Output.Split('\n').Single(line => line.StartsWith("RESULT ", StringComparison.Ordinal));
        var result = JsonDocument.Parse(resultLine["RESULT ".Length..]).RootElement;
        var aFromOrigin = result.GetProperty("aFromOrigin").GetInt64();
        var bFromPeers = result.GetProperty("bFromPeers").GetInt64();
        Assert.True(aFromOrigin >= total, run.Output);
        Assert.True(bFromPeers >= total, run.Output);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(source, "e2e-app-1.2.0/bin/app.dat"), ct),
            await File.ReadAllBytesAsync(host.Directory.Combine("clients", "b", "e2e-app-1.2.0", "bin", "app.dat"), ct));

        // Both clients report their download.
        await PostTelemetryAsync(host, new { infoHash, bytesFromPeers = 0, bytesFromOrigin = aFromOrigin, durationSeconds = 1.5, result = "completed" }, ct);
        await PostTelemetryAsync(host, new { infoHash, bytesFromPeers = bFromPeers, bytesFromOrigin = 0, durationSeconds = 1.0, result = "completed" }, ct);

        // Counters reach the catalogue on the savings service's next flush (every few seconds).
        var stopwatch = Stopwatch.StartNew();
        JsonElement totals;
        do
        {
            await Task.Delay(200, ct);
            var stats = await host.Client.GetFromJsonAsync<JsonElement>(new Uri("api/stats?days=1", UriKind.Relative), ct);
            totals = stats.GetProperty("totals");
        }
        while ((totals.GetProperty("completedDownloads").GetInt64() < 2 || totals.GetProperty("announcedUploadedBytes").GetInt64() < total)
            && stopwatch.Elapsed < TimeSpan.FromSeconds(30));

        Assert.True(totals.GetProperty("originBytes").GetInt64() >= total, totals.ToString());
        Assert.True(totals.GetProperty("peerBytes").GetInt64() >= total, totals.ToString());
        Assert.True(totals.GetProperty("announcedUploadedBytes").GetInt64() >= total, totals.ToString());
        Assert.Equal(2, totals.GetProperty("completedDownloads").GetInt64());
        var savings = totals.GetProperty("savings").GetDouble();
        Assert.InRange(savings, 0.3, 0.7);

        var metrics = await host.Client.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
        Assert.Contains("publisher_webseed_origin", metrics, StringComparison.Ordinal);
        Assert.Contains("publisher_telemetry_bytes", metrics, StringComparison.Ordinal);
        Assert.Contains("publisher_tracker_announced_bytes", metrics, StringComparison.Ordinal);
        Assert.Contains("source=\"peers\"", metrics, StringComparison.Ordinal);
    }

    private static async Task PostTelemetryAsync(EndToEndHost host, object report, CancellationToken ct)
    {
        using var response = await host.Client.PostAsJsonAsync(new Uri("api/telemetry", UriKind.Relative), report, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
