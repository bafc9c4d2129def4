using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Catalog;

public sealed class ReleaseIndexTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("publisher-index");
    private CatalogRepository _catalog = null!;

    public async ValueTask InitializeAsync()
    {
        _catalog = new CatalogRepository(SqliteCatalogDialect.ForFile(_directory.Combine("catalog.db")));
        await _catalog.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _catalog.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task ReloadAsync_PublishedReleases_FindsThemByV1AndTruncatedV2()
    {
        var ct = TestContext.Current.CancellationToken;
        var publicRelease = await CreateAsync(Testing.Releases.New("game", "1.0.0"));
        var entitled = await CreateAsync(Testing.Releases.New("game", "1.1.0") with { Access = ReleaseAccess.Entitled, InfoHashV1 = null });
        await _catalog.YankReleaseAsync(publicRelease.Id, DateTimeOffset.UnixEpoch, ct);
        var index = new ReleaseIndex();

        await index.ReloadAsync(_catalog, ct);

        Assert.True(index.TryFind(Convert.FromHexString(publicRelease.InfoHashV1!), out var byV1));
        Assert.Equal(new ReleaseIndexEntry(publicRelease.Id, ReleaseAccess.Public), byV1);
        Assert.True(index.TryFind(Convert.FromHexString(publicRelease.InfoHashV2!)[..20], out _));
        Assert.True(index.TryFind(Convert.FromHexString(entitled.InfoHashV2!)[..20], out var byV2));
        Assert.Equal(new ReleaseIndexEntry(entitled.Id, ReleaseAccess.Entitled), byV2);
        Assert.False(index.TryFind(new byte[20], out _));
        Assert.False(index.TryFind(Convert.FromHexString(entitled.InfoHashV2!), out _));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public async Task Add_NewRelease_IsFoundWithoutReload()
    {
        var index = new ReleaseIndex();
        var release = await CreateAsync(Testing.Releases.New("game", "2.0.0"));

        index.Add(release);

        Assert.True(index.TryFind(Convert.FromHexString(release.InfoHashV1!), out var entry));
        Assert.Equal(release.Id, entry.ReleaseId);
    }

    [Fact]
    public async Task Refresher_EveryPeriod_PicksUpReleasesPublishedElsewhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var index = new ReleaseIndex();
        var options = Options.Create(new PublisherOptions { Catalog = new CatalogOptions { RefreshSeconds = 30 } });
        using var refresher = new ReleaseIndexRefresher(index, _catalog, options, time, NullLogger<ReleaseIndexRefresher>.Instance);
        await refresher.StartAsync(ct);
        try
        {
            // Another instance publishes straight into the shared catalogue.
            var elsewhere = await CreateAsync(Testing.Releases.New("game", "3.0.0"));
            var hash = Convert.FromHexString(elsewhere.InfoHashV1!);
            Assert.False(index.TryFind(hash, out _));

            await WaitUntilAsync(() => time.ActiveTimers > 0, ct);
            time.Advance(TimeSpan.FromSeconds(29));
            Assert.False(index.TryFind(hash, out _));
            time.Advance(TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => index.TryFind(hash, out _), ct);
        }
        finally
        {
            await refresher.StopAsync(ct);
        }
    }

    private async Task<ReleaseRecord> CreateAsync(NewRelease release)
    {
        var result = await _catalog.CreateReleaseAsync(release, TestContext.Current.CancellationToken);
        return result.Release!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
