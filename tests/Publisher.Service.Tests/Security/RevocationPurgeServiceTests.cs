using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publisher.Service.Catalog;
using Publisher.Service.Security;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Security;

public sealed class RevocationPurgeServiceTests
{
    [Fact]
    public async Task PurgeAsync_ExpiredAndCurrentRevocations_ForgetsOnlyTheExpired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        var catalog = host.Services.GetRequiredService<ICatalogRepository>();
        var purge = host.Services.GetServices<IHostedService>().OfType<RevocationPurgeService>().Single();
        var now = DateTimeOffset.UtcNow;
        await catalog.RevokeDownloadTokenAsync("old-token", now.AddMinutes(-1), now.AddDays(-1), ct);
        await catalog.RevokeDownloadTokenUserAsync("old-user", now.AddMinutes(-1), now.AddDays(-1), ct);
        await catalog.RevokeDownloadTokenUserAsync("current-user", now.AddDays(1), now, ct);

        Assert.Equal(2, await purge.PurgeAsync(ct));

        Assert.False(await catalog.IsDownloadTokenOrUserRevokedAsync("old-token", "old-user", ct));
        Assert.True(await catalog.IsDownloadTokenOrUserRevokedAsync("any-token", "current-user", ct));
        Assert.Empty(host.Logs.Errors());
    }
}
