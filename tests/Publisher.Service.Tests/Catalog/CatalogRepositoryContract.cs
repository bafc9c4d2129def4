using System.Security.Cryptography;
using Publisher.Service.Catalog;
using Publisher.Service.Security;

namespace Publisher.Service.Tests.Catalog;

/// <summary>
/// The contract of <see cref="ICatalogRepository"/>, run once per engine by the derived classes
/// (<see cref="SqliteCatalogRepositoryTests"/>, <see cref="PostgresCatalogRepositoryTests"/>).
/// </summary>
public abstract class CatalogRepositoryContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A second repository over the same empty database each time it is called for one test.</summary>
    private protected abstract Task<Func<CatalogRepository>> CreateDatabaseAsync(CancellationToken cancellationToken);

    private async Task<CatalogRepository> OpenMigratedAsync()
    {
        var factory = await CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var repository = factory();
        await repository.MigrateAsync(TestContext.Current.CancellationToken);
        return repository;
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = await CreateDatabaseAsync(ct);
        await using var repository = factory();
        Assert.Equal(CatalogMigrations.LatestVersion, await repository.MigrateAsync(ct));
        Assert.Equal(0, await repository.MigrateAsync(ct));
        await repository.PingAsync(ct);
    }

    [Fact]
    public async Task MigrateAsync_InstancesStartingTogether_ApplyEachMigrationOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = await CreateDatabaseAsync(ct);
        var repositories = Enumerable.Range(0, 4).Select(_ => factory()).ToArray();
        try
        {
            var applied = await Task.WhenAll(repositories.Select(r => r.MigrateAsync(ct)));
            Assert.Equal(CatalogMigrations.LatestVersion, applied.Sum());
        }
        finally
        {
            foreach (var repository in repositories)
            {
                await repository.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task CreateReleaseAsync_NewRelease_RoundTripsEveryField()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var release = NewRelease("game", "1.2.3", files: [new ReleaseFile("game/bin/run.exe", 1000), new ReleaseFile("game/data.pak", 5)]);

        var result = await catalog.CreateReleaseAsync(release, ct);

        Assert.Equal(CreateReleaseStatus.Created, result.Status);
        var stored = await catalog.GetReleaseAsync(result.Release!.Id, ct);
        Assert.Equal(result.Release, stored);
        Assert.Equal("game", stored!.Product);
        Assert.Equal("stable", stored.Channel);
        Assert.Equal("notes of 1.2.3", stored.Notes);
        Assert.Equal(release.InfoHashV1, stored.InfoHashV1);
        Assert.Equal(release.InfoHashV2, stored.InfoHashV2);
        Assert.Equal(1005, stored.TotalSize);
        Assert.Equal(2, stored.FileCount);
        Assert.Equal(release.Torrent.Length, stored.TorrentSize);
        Assert.Equal(ReleaseAccess.Public, stored.Access);
        Assert.Equal(Now, stored.PublishedAt);
        Assert.False(stored.IsYanked);
        Assert.Equal(release.Files, await catalog.GetReleaseFilesAsync(stored.Id, ct));
        Assert.Equal(release.Torrent.ToArray(), await catalog.GetTorrentAsync(stored.Id, ct));
        Assert.Equal(stored, await catalog.GetReleaseByVersionAsync("game", "1.2.3", ct));
    }

    [Fact]
    public async Task CreateReleaseAsync_SameVersionAgain_IsDuplicateAndKeepsTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var first = await catalog.CreateReleaseAsync(NewRelease("game", "1.0.0"), ct);

        var second = await catalog.CreateReleaseAsync(NewRelease("game", "1.0.0", files: [new ReleaseFile("other", 1)]), ct);

        Assert.Equal(CreateReleaseStatus.DuplicateVersion, second.Status);
        Assert.Null(second.Release);
        Assert.Single(await catalog.ListReleasesAsync(new ReleaseQuery(), ct));
        Assert.Equal("game/data.bin", Assert.Single(await catalog.GetReleaseFilesAsync(first.Release!.Id, ct)).Path);
        Assert.Equal(CreateReleaseStatus.Created, (await catalog.CreateReleaseAsync(NewRelease("editor", "1.0.0"), ct)).Status);
    }

    [Fact]
    public async Task CreateReleaseAsync_InfoHashOfAnotherRelease_IsDuplicateInfoHash()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var first = NewRelease("game", "1.0.0");
        await catalog.CreateReleaseAsync(first, ct);

        var sameV1 = NewRelease("other", "2.0.0") with { InfoHashV1 = first.InfoHashV1 };
        var sameV2 = NewRelease("other", "2.0.1") with { InfoHashV1 = null, InfoHashV2 = first.InfoHashV2 };

        Assert.Equal(CreateReleaseStatus.DuplicateInfoHash, (await catalog.CreateReleaseAsync(sameV1, ct)).Status);
        Assert.Equal(CreateReleaseStatus.DuplicateInfoHash, (await catalog.CreateReleaseAsync(sameV2, ct)).Status);
    }

    [Fact]
    public async Task CreateReleaseAsync_FailureWhileWritingFiles_LeavesNoTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();

        // The second file violates NOT NULL after the release row and the first file were written.
        var broken = NewRelease("game", "1.0.0", files: [new ReleaseFile("a", 1), new ReleaseFile(null!, 2)]);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => catalog.CreateReleaseAsync(broken, ct));

        Assert.Empty(await catalog.ListReleasesAsync(new ReleaseQuery(IncludeYanked: true), ct));
        Assert.Null(await catalog.GetReleaseByVersionAsync("game", "1.0.0", ct));
        Assert.Equal(CreateReleaseStatus.Created, (await catalog.CreateReleaseAsync(NewRelease("game", "1.0.0"), ct)).Status);
    }

    [Fact]
    public async Task FindReleaseByInfoHashAsync_V1OrTruncatedV2_FindsTheRelease()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var release = NewRelease("game", "1.0.0");
        var created = (await catalog.CreateReleaseAsync(release, ct)).Release!;

        var byV1 = await catalog.FindReleaseByInfoHashAsync(Convert.FromHexString(release.InfoHashV1!), ct);
        var byV2 = await catalog.FindReleaseByInfoHashAsync(Convert.FromHexString(release.InfoHashV2!)[..20], ct);

        Assert.Equal(created.Id, byV1?.Id);
        Assert.Equal(created.Id, byV2?.Id);
        Assert.Null(await catalog.FindReleaseByInfoHashAsync(RandomNumberGenerator.GetBytes(20), ct));
        Assert.Null(await catalog.FindReleaseByInfoHashAsync(Convert.FromHexString(release.InfoHashV2!), ct));
    }

    [Fact]
    public async Task ListReleasesAsync_FiltersAndPages_NewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var channel = i % 2 == 0 ? "stable" : "beta";
            ids.Add((await catalog.CreateReleaseAsync(NewRelease("game", $"1.0.{i}", channel), ct)).Release!.Id);
        }

        await catalog.CreateReleaseAsync(NewRelease("editor", "0.1.0"), ct);
        Assert.True(await catalog.YankReleaseAsync(ids[4], Now.AddHours(1), ct));

        var stable = await catalog.ListReleasesAsync(new ReleaseQuery(Product: "game", Channel: "stable"), ct);
        Assert.Equal([ids[2], ids[0]], stable.Select(r => r.Id));

        var withYanked = await catalog.ListReleasesAsync(new ReleaseQuery(Product: "game", IncludeYanked: true, Limit: 2), ct);
        Assert.Equal([ids[4], ids[3]], withYanked.Select(r => r.Id));
        Assert.Equal(Now.AddHours(1), withYanked[0].YankedAt);

        var nextPage = await catalog.ListReleasesAsync(new ReleaseQuery(Product: "game", IncludeYanked: true, Limit: 2, BeforeId: ids[3]), ct);
        Assert.Equal([ids[2], ids[1]], nextPage.Select(r => r.Id));

        Assert.Equal(5, (await catalog.ListReleasesAsync(new ReleaseQuery(), ct)).Count);
    }

    [Fact]
    public async Task YankReleaseAsync_Twice_SecondReturnsFalse()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var id = (await catalog.CreateReleaseAsync(NewRelease("game", "1.0.0"), ct)).Release!.Id;

        Assert.True(await catalog.YankReleaseAsync(id, Now, ct));
        Assert.False(await catalog.YankReleaseAsync(id, Now.AddDays(1), ct));
        Assert.False(await catalog.YankReleaseAsync(id + 100, Now, ct));
        Assert.Equal(Now, (await catalog.GetReleaseAsync(id, ct))!.YankedAt);
        Assert.Null(await catalog.GetTorrentAsync(id + 100, ct));
        Assert.Empty(await catalog.GetReleaseFilesAsync(id + 100, ct));
    }

    [Fact]
    public async Task ApiKeys_CreateFindListRevoke_BehaveAsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var key = new ApiKeyRecord("0123456789abcdef", "ci", RandomNumberGenerator.GetBytes(32), ApiKeyScopes.Publish | ApiKeyScopes.Stats, Now, null);

        Assert.True(await catalog.CreateApiKeyAsync(key, ct));
        Assert.False(await catalog.CreateApiKeyAsync(key with { Name = "again" }, ct));

        var found = await catalog.FindApiKeyAsync(key.KeyId, ct);
        Assert.NotNull(found);
        Assert.Equal(key.SecretHash, found.SecretHash);
        Assert.Equal(key with { SecretHash = found.SecretHash }, found);
        Assert.Null(await catalog.FindApiKeyAsync("ffffffffffffffff", ct));

        Assert.True(await catalog.RevokeApiKeyAsync(key.KeyId, Now.AddMinutes(5), ct));
        Assert.False(await catalog.RevokeApiKeyAsync(key.KeyId, Now.AddMinutes(6), ct));
        Assert.Equal(Now.AddMinutes(5), Assert.Single(await catalog.ListApiKeysAsync(ct)).RevokedAt);
    }

    [Fact]
    public async Task TryCreateFirstApiKeyAsync_ConcurrentStarts_StoreExactlyOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = await CreateDatabaseAsync(ct);
        await using var first = factory();
        await first.MigrateAsync(ct);
        var repositories = Enumerable.Range(0, 4).Select(_ => factory()).ToArray();
        try
        {
            var results = await Task.WhenAll(repositories.Select((r, i) => r.TryCreateFirstApiKeyAsync(
                new ApiKeyRecord($"{i:x16}", "bootstrap", RandomNumberGenerator.GetBytes(32), ApiKeyScopes.Admin, Now, null), ct)));

            Assert.Equal(1, results.Count(created => created));
            Assert.Single(await first.ListApiKeysAsync(ct));
            Assert.False(await first.TryCreateFirstApiKeyAsync(new ApiKeyRecord("aaaaaaaaaaaaaaaa", "late", new byte[32], ApiKeyScopes.Admin, Now, null), ct));
        }
        finally
        {
            foreach (var repository in repositories)
            {
                await repository.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task DownloadTokenRevocations_RevokeCheckPurge_Work()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        await catalog.RevokeDownloadTokenAsync("token-a", Now.AddHours(1), Now, ct);
        await catalog.RevokeDownloadTokenAsync("token-a", Now.AddHours(1), Now, ct);
        await catalog.RevokeDownloadTokenAsync("token-b", Now.AddDays(1), Now, ct);

        Assert.True(await catalog.IsDownloadTokenRevokedAsync("token-a", ct));
        Assert.False(await catalog.IsDownloadTokenRevokedAsync("token-c", ct));
        Assert.Equal(1, await catalog.PurgeExpiredRevocationsAsync(Now.AddHours(2), ct));
        Assert.False(await catalog.IsDownloadTokenRevokedAsync("token-a", ct));
        Assert.True(await catalog.IsDownloadTokenRevokedAsync("token-b", ct));
    }

    [Fact]
    public async Task DownloadTokenUserRevocations_RevokeCheckPurge_Work()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        await catalog.RevokeDownloadTokenAsync("token-a", Now.AddHours(1), Now, ct);
        await catalog.RevokeDownloadTokenUserAsync("leaver", Now.AddHours(1), Now, ct);
        await catalog.RevokeDownloadTokenUserAsync("leaver", Now.AddMinutes(30), Now.AddMinutes(1), ct);
        await catalog.RevokeDownloadTokenUserAsync("later", Now.AddDays(1), Now, ct);

        Assert.True(await catalog.IsDownloadTokenOrUserRevokedAsync("token-a", "anyone", ct));
        Assert.True(await catalog.IsDownloadTokenOrUserRevokedAsync("token-x", "leaver", ct));
        Assert.False(await catalog.IsDownloadTokenOrUserRevokedAsync("token-x", "stayer", ct));

        // A second revocation never shortens the first: both end at Now + 1 h.
        Assert.Equal(2, await catalog.PurgeExpiredRevocationsAsync(Now.AddMinutes(45).AddMinutes(20), ct));
        Assert.False(await catalog.IsDownloadTokenOrUserRevokedAsync("token-a", "leaver", ct));
        Assert.True(await catalog.IsDownloadTokenOrUserRevokedAsync("token-x", "later", ct));
    }

    [Fact]
    public async Task AddCountersAsync_ConcurrentWriters_SumExactly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var catalog = await OpenMigratedAsync();
        var day = CounterIncrement.DayOf(Now);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async writer =>
        {
            for (var i = 0; i < 10; i++)
            {
                await catalog.AddCountersAsync(
                [
                    new CounterIncrement(1, day, CatalogCounter.OriginBytes, 100),
                    new CounterIncrement(1, day, CatalogCounter.PeerBytes, 300),
                    new CounterIncrement(2, day + 1, CatalogCounter.PeerBytes, 1),
                ], ct);
            }
        }));

        var all = await catalog.GetCountersAsync(day, day + 1, null, ct);
        Assert.Equal(
        [
            new CounterTotal(1, day, CatalogCounter.OriginBytes, 4000),
            new CounterTotal(1, day, CatalogCounter.PeerBytes, 12000),
            new CounterTotal(2, day + 1, CatalogCounter.PeerBytes, 40),
        ], all);
        Assert.Equal(2, (await catalog.GetCountersAsync(day, day, 1, ct)).Count);
        Assert.Empty(await catalog.GetCountersAsync(day + 2, day + 9, null, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => catalog.AddCountersAsync([new CounterIncrement(1, day, CatalogCounter.PeerBytes, -1)], ct));
    }

    private static NewRelease NewRelease(string product, string version, string channel = "stable", IReadOnlyList<ReleaseFile>? files = null)
    {
        files ??= [new ReleaseFile("game/data.bin", 1005)];
        return new NewRelease(
            product, channel, version, $"notes of {version}", product,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            files.Sum(f => f.Length), 16384, ReleaseAccess.Public, Now,
            RandomNumberGenerator.GetBytes(300), files);
    }
}
