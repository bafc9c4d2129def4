using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Seeding;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.EndToEnd;

/// <summary>
/// The product's story in one test: publish a directory through the API, the feed lists it, the service starts seeding
/// it, libtorrent downloads it from the web seed and the service's seed together, then a second libtorrent client from
/// the first and the service's seed, the clients' telemetry is posted, and <c>/api/stats</c> and <c>/metrics</c> show
/// origin bytes, peer bytes (the service's seed's among them) and the savings.
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Publish_DownloadWithLibtorrent_StatsAndMetricsShowOriginPeerBytesAndSavings()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await EndToEndHost.StartAsync(ct);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var source = host.Directory.Combine("source");
        var sizes = new[] { 1_500_000L, 123_457L };
        host.Directory.WriteRandomFile("source/e2e-app-1.2.0/bin/app.dat", sizes[0], 1);
        host.Directory.WriteRandomFile("source/e2e-app-1.2.0/readme.txt", sizes[1], 2);
        var total = sizes[0] + sizes[1];

        // Publish with the CLI, as CI does: it hashes locally while uploading each file, then registers its torrent.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Publisher.Cli.CliApp.RunAsync(
            ["publish", Path.Combine(source, "e2e-app-1.2.0"), "--server", host.BaseAddress.AbsoluteUri, "--api-key", EndToEndHost.AdminKey,
             "--name", "e2e-app", "--version", "1.2.0", "--channel", "stable", "--notes", "First end-to-end release.", "--json"],
            stdout, stderr, ct);
        Assert.True(exit == 0, $"publisher publish exited {exit}: {stderr}");
        var release = JsonDocument.Parse(stdout.ToString()).RootElement;
        var id = release.GetProperty("id").GetInt64();
        var infoHash = release.GetProperty("infoHashV1").GetString()!;

        // The feed lists it with a .torrent enclosure.
        var rss = await host.Client.GetStringAsync(new Uri("feeds/stable.rss", UriKind.Relative), ct);
        Assert.Contains("1.2.0", rss, StringComparison.Ordinal);
        Assert.Contains($"api/releases/{id}/torrent", rss, StringComparison.Ordinal);

        // The service seeds what was published (the CLI hashed it, so the service checks the payload once first).
        var waited = Stopwatch.StartNew();
        while (!seeder.SeededReleaseIds.Contains(id))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the service did not start seeding the release");
            await Task.Delay(20, ct);
        }

        // libtorrent: A from the web seed and the service's seed at once (its rate capped at 1 MB/s so both get a
        // share), then B (no web seed) from A and the service's seed.
        var torrentPath = host.Directory.Combine("release.torrent");
        await File.WriteAllBytesAsync(torrentPath, await host.Client.GetByteArrayAsync(new Uri($"api/releases/{id}/torrent", UriKind.Relative), ct), ct);
        var script = EndToEndScript.Write(host.Directory.Path);
        var seedPort = seeder.LocalEndPoint!.Port.ToString(CultureInfo.InvariantCulture);
        var run = await ChildProcess.RunAsync(python, [script, torrentPath, host.Directory.Combine("clients"), seedPort, "1000000"], TimeSpan.FromSeconds(150), ct);
        Assert.True(run.ExitCode == 0, run.Output);
        var resultLine = run.Output.Split('\n').Single(line => line.StartsWith("RESULT ", StringComparison.Ordinal));
        var result = JsonDocument.Parse(resultLine["RESULT ".Length..]).RootElement;
        var aDownloaded = result.GetProperty("aDownloaded").GetInt64();
        var aFromPeers = result.GetProperty("aFromPeers").GetInt64();
        var bFromPeers = result.GetProperty("bFromPeers").GetInt64();
        Assert.True(aDownloaded >= total, run.Output);
        Assert.True(aFromPeers > 0, "A got nothing from the service's seed: " + run.Output);
        Assert.True(bFromPeers >= total, run.Output);

        // The service's seed uploaded (engine statistics).
        var seedUploaded = seeder.GetStatistics(id)!.Value.UploadedToPeers;
        Assert.True(seedUploaded >= aFromPeers, $"seed uploaded {seedUploaded}, A got {aFromPeers} from peers; " + run.Output);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(source, "e2e-app-1.2.0/bin/app.dat"), ct),
            await File.ReadAllBytesAsync(host.Directory.Combine("clients", "b", "e2e-app-1.2.0", "bin", "app.dat"), ct));

        // Both clients report their download.
        await PostTelemetryAsync(host, new { infoHash, bytesFromPeers = aFromPeers, bytesFromOrigin = aDownloaded - aFromPeers, durationSeconds = 1.5, result = "completed" }, ct);
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
        while ((totals.GetProperty("completedDownloads").GetInt64() < 2 || totals.GetProperty("announcedDownloadedBytes").GetInt64() < 2 * total)
            && stopwatch.Elapsed < TimeSpan.FromSeconds(30));

        // Origin: what the web seed served A (measured) or A reported, whichever is larger; at most A's download.
        var origin = totals.GetProperty("originBytes").GetInt64();
        Assert.InRange(origin, 1, aDownloaded);
        Assert.True(totals.GetProperty("peerBytes").GetInt64() >= total, totals.ToString());
        Assert.True(totals.GetProperty("announcedDownloadedBytes").GetInt64() >= 2 * total, totals.ToString());
        Assert.True(totals.GetProperty("announcedUploadedBytes").GetInt64() >= result.GetProperty("aUploaded").GetInt64(), totals.ToString());
        Assert.InRange(totals.GetProperty("seedUploadedBytes").GetInt64(), aFromPeers, seeder.GetStatistics(id)!.Value.UploadedToPeers);
        Assert.Equal(2, totals.GetProperty("completedDownloads").GetInt64());
        var savings = totals.GetProperty("savings").GetDouble();
        Assert.InRange(savings, 0.45, 0.999);

        var metrics = await host.Client.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
        Assert.True(SumOf(metrics, "publisher_webseed_origin_bytes_total") > 0, "the web seed served A nothing:\n" + metrics);
        Assert.Contains("publisher_telemetry_bytes", metrics, StringComparison.Ordinal);
        Assert.Contains("publisher_tracker_announced_bytes", metrics, StringComparison.Ordinal);
        Assert.Contains("source=\"peers\"", metrics, StringComparison.Ordinal);
        Assert.True(SumOf(metrics, "publisher_seed_uploaded_bytes_total") >= seedUploaded, metrics);
        Assert.Empty(host.Errors.Entries);
    }

    /// <summary>The sum of a Prometheus metric's samples (every label set).</summary>
    private static double SumOf(string exposition, string metric)
    {
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is ' ' or '{')
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    private static async Task PostTelemetryAsync(EndToEndHost host, object report, CancellationToken ct)
    {
        using var response = await host.Client.PostAsJsonAsync(new Uri("api/telemetry", UriKind.Relative), report, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
