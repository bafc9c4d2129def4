using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Seeding;
using Publisher.Service.Tests.Testing;
using Publisher.Service.Tracker;
using Publisher.TestSupport;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Tests.Seeding;

/// <summary>The service seeds its published releases with our engine, stops yanked ones, and stays closed when off.</summary>
public sealed class ReleaseSeederTests
{
    private static readonly Dictionary<string, string?> FastRefresh = new() { ["Publisher:Seeding:RefreshInterval"] = "00:00:00.100" };

    [Fact]
    public async Task Publish_UploadedRelease_AnEngineLeecherDownloadsItFromTheServiceSeed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, FastRefresh);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var run = SeedingTestRelease.Data(300_000, 1);
        var readme = SeedingTestRelease.Data(5_000, 2);

        var id = await SeedingTestRelease.UploadAsync(host, "game", "1.0.0", ct, ("game/bin/run", run), ("game/readme.txt", readme));
        await SeedingTestRelease.WaitUntilAsync(() => seeder.SeededReleaseIds.Contains(id), "the release is seeded", ct);

        // No web seed and no tracker: the only source is the service's seed.
        var published = TorrentInfo.Parse(await host.Client.GetByteArrayAsync($"/api/releases/{id}/torrent", ct));
        var torrent = published.WithMetadata(published.Metadata with { WebSeeds = [], Trackers = [] });
        using var downloads = new TempDirectory("seeding-leecher");
        await using (var leecher = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }))
        {
            var handle = await leecher.AddAsync(torrent, downloads.Path, new TorrentOptions { UseTrackers = false, InitialPeers = [seeder.LocalEndPoint!] }, ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await handle.WaitForCompletionAsync(timeout.Token);
            Assert.Equal(torrent.Files.Sum(f => f.Length), handle.Statistics.DownloadedFromPeers - handle.Statistics.DiscardedBytes);
            Assert.Equal(0, handle.Statistics.DownloadedFromWebSeeds);
        }

        Assert.Equal(run, await File.ReadAllBytesAsync(downloads.Combine("game", "bin", "run"), ct));
        Assert.Equal(readme, await File.ReadAllBytesAsync(downloads.Combine("game", "readme.txt"), ct));
        Assert.True(seeder.GetStatistics(id)!.Value.UploadedToPeers >= run.Length + readme.Length);

        // The seed's bytes are peer bytes in /api/stats and on /metrics.
        using var request = ServiceHost.Request(HttpMethod.Get, "/api/stats", ServiceHost.AdminKey);
        using var response = await host.Client.SendAsync(request, ct);
        var totals = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("totals");
        Assert.True(totals.GetProperty("seedUploadedBytes").GetInt64() >= run.Length + readme.Length, totals.ToString());
        Assert.True(totals.GetProperty("peerBytes").GetInt64() >= run.Length + readme.Length, totals.ToString());
        Assert.Equal(0, totals.GetProperty("originBytes").GetInt64());
        var metrics = await host.Client.GetStringAsync("/metrics", ct);
        var line = metrics.Split('\n').Single(l => l.StartsWith("publisher_seed_uploaded_bytes_total ", StringComparison.Ordinal));
        Assert.True(long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= run.Length + readme.Length, line);
        Assert.Contains("publisher_seed_releases 1", metrics, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Errors());
    }

    [Theory]
    [InlineData("public")]
    [InlineData("entitled")]
    public async Task Publish_AnyAccess_TheSeedIsASeederOfTheServicesOwnTracker(string access)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, FastRefresh);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var statistics = host.Services.GetRequiredService<ITrackerStatistics>();

        // An entitled swarm refuses announces without a download token: the seed announces with one of its own.
        var id = await SeedingTestRelease.UploadAsync(host, "swarm", "1.0.0", access, ct, ("swarm.bin", SeedingTestRelease.Data(20_000, 7)));
        await SeedingTestRelease.WaitUntilAsync(() => seeder.SeededReleaseIds.Contains(id), "the release is seeded", ct);
        var release = await host.Client.GetFromJsonAsync<JsonElement>($"/api/releases/{id}", ct);
        var hash = TrackerInfoHash.FromBytes(Convert.FromHexString(release.GetProperty("infoHashV1").GetString()!));

        SwarmStatistics? swarm = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((swarm = await statistics.GetSwarmAsync(hash, ct)) is not { Seeders: 1 })
        {
            Assert.True(DateTime.UtcNow < deadline, $"the seed never announced itself ({swarm})");
            await Task.Delay(20, ct);
        }

        Assert.Equal(0, swarm.Value.Leechers);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Category.Contains("Tracker", StringComparison.Ordinal) && e.Message.Contains("refused", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Yank_SeededRelease_StopsSeedingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, FastRefresh);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var kept = await SeedingTestRelease.UploadAsync(host, "tool", "1.0.0", ct, ("tool.bin", SeedingTestRelease.Data(40_000, 3)));
        var yanked = await SeedingTestRelease.UploadAsync(host, "tool", "1.0.1", ct, ("tool.bin", SeedingTestRelease.Data(40_000, 4)));
        await SeedingTestRelease.WaitUntilAsync(() => seeder.SeededReleaseIds.Contains(kept) && seeder.SeededReleaseIds.Contains(yanked), "both releases are seeded", ct);

        await SeedingTestRelease.YankAsync(host, yanked, ct);

        await SeedingTestRelease.WaitUntilAsync(() => !seeder.SeededReleaseIds.Contains(yanked), "the yanked release is no longer seeded", ct);
        Assert.Contains(kept, seeder.SeededReleaseIds);
        Assert.Null(seeder.GetStatistics(yanked));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == SeedingEventIds.ReleaseStopped && e.Message.Contains($"release {yanked} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SeedingDisabled_NothingListens()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = LoopbackPort.GetFreeTcpPort();
        await using var host = await ServiceHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["Publisher:Seeding:Enabled"] = "false",
            ["Publisher:Seeding:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var id = await SeedingTestRelease.UploadAsync(host, "tool", "1.0.0", ct, ("tool.bin", SeedingTestRelease.Data(10_000, 5)));

        await seeder.Started.WaitAsync(ct);

        Assert.Null(seeder.LocalEndPoint);
        Assert.DoesNotContain(id, seeder.SeededReleaseIds);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == SeedingEventIds.Disabled);
    }

    [Fact]
    public async Task Start_ReleaseWithUnreadableTorrent_IsSkippedWithOneWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, FastRefresh);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();

        // Catalogue rows whose torrent bytes are random: nothing to seed, said once, the seed keeps running.
        var release = await Testing.Releases.PublishAsync(host, Testing.Releases.New("broken", "1.0.0"));
        var good = await SeedingTestRelease.UploadAsync(host, "tool", "1.0.0", ct, ("tool.bin", SeedingTestRelease.Data(10_000, 6)));
        await SeedingTestRelease.WaitUntilAsync(() => seeder.SeededReleaseIds.Contains(good), "the good release is seeded", ct);

        Assert.DoesNotContain(release.Id, seeder.SeededReleaseIds);
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == SeedingEventIds.TorrentUnreadable);
    }
}
