using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Catalog;
using Publisher.Service.Savings;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>With the default composition, web-seed bytes land in the catalogue as the release's origin bytes.</summary>
public sealed class SavingsOriginByteRecorderTests
{
    [Fact]
    public async Task Get_DefaultComposition_CountsOriginBytesInTheCatalogue()
    {
        var ct = TestContext.Current.CancellationToken;
        var torrent = WebSeedTestTorrent.SingleFile("app.bin", 30_000, seed: 21);
        await using var host = await WebSeedTestHost.StartAsync(ct);
        var release = await host.PublishAsync(torrent, "1.0.0");
        Assert.IsType<SavingsOriginByteRecorder>(host.Services.GetRequiredService<IOriginByteRecorder>());

        using (var whole = await host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name), ct))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            await whole.Content.ReadAsByteArrayAsync(ct);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name));
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 999);
        using (var range = await host.Client.SendAsync(request, ct))
        {
            await range.Content.ReadAsByteArrayAsync(ct);
        }

        var catalog = host.Services.GetRequiredService<ICatalogRepository>();
        var recorder = host.Services.GetRequiredService<SavingsRecorder>();
        var today = CounterIncrement.DayOf(DateTimeOffset.UtcNow);
        long origin = 0;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await recorder.FlushAsync(ct);
            var counters = await catalog.GetCountersAsync(today - 1, today + 1, release.Id, ct);
            origin = counters.Where(c => c.Counter == CatalogCounter.OriginBytes).Sum(c => c.Value);
            return origin == 31_000;
        }), $"origin bytes {origin}");
    }
}
