using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Catalog;

namespace Publisher.Service.Tests.Testing;

/// <summary>Puts releases straight into a running service's catalogue (for read-side tests).</summary>
internal static class Releases
{
    public static NewRelease New(string product, string version, string channel = "stable", string notes = "Bug fixes.", DateTimeOffset? publishedAt = null) =>
        new(product, channel, version, notes, $"{product}-{version}",
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            3000, 16384, ReleaseAccess.Public, publishedAt ?? DateTimeOffset.FromUnixTimeSeconds(1_790_000_000),
            RandomNumberGenerator.GetBytes(321),
            [new ReleaseFile("bin/app", 2000), new ReleaseFile("readme.txt", 1000)]);

    public static async Task<ReleaseRecord> PublishAsync(ServiceHost host, NewRelease release)
    {
        var result = await host.Services.GetRequiredService<ICatalogRepository>().CreateReleaseAsync(release, TestContext.Current.CancellationToken);
        Assert.Equal(CreateReleaseStatus.Created, result.Status);
        host.Services.GetRequiredService<ReleaseIndex>().Add(result.Release!);
        return result.Release!;
    }
}
