using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;
using Publisher.Service.Savings;
using Publisher.Service.Seeding;
using Publisher.Service.Tests.Testing;
using Publisher.Service.Tests.WebSeeds;
using Publisher.Service.Tracker;
using Publisher.Storage;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Tests.Seeding;

/// <summary>
/// Releases registered from a torrent made elsewhere (CI) are not trusted: the seed checks their payload once, seeds
/// what matches, and never writes into the blob store what does not. A remote blob store is not seeded at all.
/// </summary>
public sealed class ReleaseSeederRegisteredTests
{
    private static readonly Dictionary<string, string?> FastRefresh = new() { ["Publisher:Seeding:RefreshInterval"] = "00:00:00.100" };

    [Fact]
    public async Task Register_PayloadInTheStore_IsCheckedThenSeeded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, FastRefresh);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var (torrent, key, data) = await StoreAsync(host, "ci-tool.bin", 70_000, seed: 11, ct);

        var id = await SeedingTestRelease.RegisterAsync(host, torrent, "ci-tool", "1.0.0", ct);

        await SeedingTestRelease.WaitUntilAsync(() => seeder.SeededReleaseIds.Contains(id), "the registered release is seeded", ct);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == SeedingEventIds.ReleaseSeeding && e.Message.Contains("trusted seed: False", StringComparison.Ordinal));
        Assert.Equal(data, await ReadAsync(host, key, ct));
    }

    [Fact]
    public async Task Register_CorruptPayload_IsNotSeededAndNotRewritten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, FastRefresh);
        var seeder = host.Services.GetRequiredService<ReleaseSeeder>();
        var (torrent, key, data) = await StoreAsync(host, "bad-tool.bin", 70_000, seed: 12, ct);
        data[40_000] ^= 0xff;
        await host.Services.GetRequiredService<IBlobStore>().PutAsync(key, new MemoryStream(data), null, ct);
        var good = await SeedingTestRelease.UploadAsync(host, "good", "1.0.0", ct, ("good.bin", SeedingTestRelease.Data(5_000, 13)));

        var id = await SeedingTestRelease.RegisterAsync(host, torrent, "bad-tool", "1.0.0", ct);

        await SeedingTestRelease.WaitUntilAsync(() => host.Logs.Entries.Any(e => e.EventId.Id == SeedingEventIds.ReleaseFailed), "the bad payload is reported", ct);
        Assert.DoesNotContain(id, seeder.SeededReleaseIds);
        Assert.Contains(good, seeder.SeededReleaseIds);
        Assert.Contains("pieces match the torrent", host.Logs.Entries.Single(e => e.EventId.Id == SeedingEventIds.ReleaseFailed).Message, StringComparison.Ordinal);
        Assert.Equal(data, await ReadAsync(host, key, ct));
    }

    [Fact]
    public async Task Start_RemoteBlobStore_SaysSoOnceAndListensNowhere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        var services = host.Services;
        var logs = new TestLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var seeder = new ReleaseSeeder(
            services.GetRequiredService<ICatalogRepository>(), new RemoteLikeBlobStore(services.GetRequiredService<IBlobStore>(), null),
            services.GetRequiredService<ReleaseIndex>(), services.GetRequiredService<IOptions<PublisherOptions>>(), services.GetRequiredService<PublisherPaths>(),
            services.GetRequiredService<SavingsRecorder>(), services.GetRequiredService<SeedingMetrics>(), services.GetRequiredService<DownloadTokenService>(),
            TimeProvider.System, loggers.CreateLogger<ReleaseSeeder>());

        await seeder.StartAsync(ct);
        await seeder.Started.WaitAsync(ct);
        await seeder.StopAsync(ct);

        Assert.Null(seeder.LocalEndPoint);
        var entry = Assert.Single(logs.Entries);
        Assert.Equal(SeedingEventIds.RemoteStore, entry.EventId.Id);
        Assert.Contains("AzureBlob", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeedingARelease_LogsStructuredProperties()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        var id = await SeedingTestRelease.UploadAsync(host, "structured", "2.1.0", ct, ("structured.bin", SeedingTestRelease.Data(8_000, 14)));
        var states = new StateCapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(states));
        var services = host.Services;
        using var seeder = new ReleaseSeeder(
            services.GetRequiredService<ICatalogRepository>(), services.GetRequiredService<IBlobStore>(),
            services.GetRequiredService<ReleaseIndex>(), services.GetRequiredService<IOptions<PublisherOptions>>(), services.GetRequiredService<PublisherPaths>(),
            services.GetRequiredService<SavingsRecorder>(), services.GetRequiredService<SeedingMetrics>(), services.GetRequiredService<DownloadTokenService>(),
            TimeProvider.System, loggers.CreateLogger<ReleaseSeeder>());

        await seeder.StartAsync(ct);
        await seeder.Started.WaitAsync(ct);
        await seeder.StopAsync(ct);

        // Log entries carry named values (for a JSON console or OpenTelemetry), not only a formatted line.
        var seeding = states.States.Single(s => s.EventId == SeedingEventIds.ReleaseSeeding).Properties;
        Assert.Equal(id, seeding["Id"]);
        Assert.Equal("structured", seeding["Product"]);
        Assert.Equal("2.1.0", seeding["Version"]);
        Assert.Equal(true, seeding["Trusted"]);
        Assert.Contains("{Product}", (string)seeding["{OriginalFormat}"]!, StringComparison.Ordinal);
    }

    /// <summary>A v1 torrent made by the test (as CI would) and its payload put where the web seed and the seed read it.</summary>
    private static async Task<(byte[] Torrent, string Key, byte[] Data)> StoreAsync(ServiceHost host, string name, int length, int seed, CancellationToken ct)
    {
        var torrent = TestTorrents.SingleFile(name, length, seed);
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        var key = $"releases/{TorrentInfo.Parse(torrent).InfoHashes.V1!.Value.ToHex()}/{name}";
        await host.Services.GetRequiredService<IBlobStore>().PutAsync(key, new MemoryStream(data), null, ct);
        return (torrent, key, data);
    }

    private static async Task<byte[]> ReadAsync(ServiceHost host, string key, CancellationToken ct)
    {
        await using var stream = await host.Services.GetRequiredService<IBlobStore>().OpenReadAsync(key, 0, null, ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}
