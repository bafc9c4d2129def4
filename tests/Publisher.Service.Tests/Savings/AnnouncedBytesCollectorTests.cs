using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Savings;
using Publisher.Service.Tests.Testing;
using Publisher.Service.Tests.Tracker;

namespace Publisher.Service.Tests.Savings;

/// <summary>Bytes peers report in announces reach the savings counters, /api/stats and /metrics.</summary>
public sealed class AnnouncedBytesCollectorTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Collect_AnnouncesWithUploadedAndDownloaded_StatsAndMetricsShowPeerBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = await Testing.Releases.PublishAsync(_host, Testing.Releases.New("swarmed", "1.0.0"));
        var hash = Convert.FromHexString(release.InfoHashV1!);

        await AnnounceAsync(hash, peer: 1, uploaded: 0, downloaded: 0, left: 0, "&event=started");
        await AnnounceAsync(hash, peer: 2, uploaded: 0, downloaded: 0, left: 3000, "&event=started");
        await AnnounceAsync(hash, peer: 1, uploaded: 2500, downloaded: 0, left: 0, string.Empty);
        await AnnounceAsync(hash, peer: 2, uploaded: 0, downloaded: 2500, left: 500, string.Empty);
        await CollectAndFlushAsync(ct);

        // Growth since the last collection only: a second collection with no announces adds nothing.
        await CollectAndFlushAsync(ct);
        await AnnounceAsync(hash, peer: 1, uploaded: 3000, downloaded: 0, left: 0, string.Empty);
        await AnnounceAsync(hash, peer: 2, uploaded: 0, downloaded: 3000, left: 0, "&event=completed");
        await CollectAndFlushAsync(ct);

        using var request = ServiceHost.Request(HttpMethod.Get, "/api/stats?days=1", ServiceHost.AdminKey);
        using var response = await _host.Client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var totals = stats.GetProperty("totals");
        Assert.Equal(3000, totals.GetProperty("announcedUploadedBytes").GetInt64());
        Assert.Equal(3000, totals.GetProperty("announcedDownloadedBytes").GetInt64());
        Assert.Equal(3000, totals.GetProperty("peerBytes").GetInt64());
        var perRelease = Assert.Single(stats.GetProperty("releases").EnumerateArray());
        Assert.Equal(3000, perRelease.GetProperty("figures").GetProperty("announcedUploadedBytes").GetInt64());

        using var metrics = ServiceHost.Request(HttpMethod.Get, "/metrics", ServiceHost.AdminKey);
        using var exposition = await _host.Client.SendAsync(metrics, ct);
        var text = await exposition.Content.ReadAsStringAsync(ct);
        var line = Assert.Single(text.Split('\n'), l => l.StartsWith("publisher_tracker_announced_bytes", StringComparison.Ordinal) && l.Contains("direction=\"uploaded\"", StringComparison.Ordinal));
        Assert.EndsWith(" 3000", line, StringComparison.Ordinal);
    }

    private async Task CollectAndFlushAsync(CancellationToken ct)
    {
        await _host.Services.GetRequiredService<AnnouncedBytesCollector>().CollectAsync(ct);
        await _host.Services.GetRequiredService<SavingsRecorder>().FlushAsync(ct);
    }

    private async Task AnnounceAsync(byte[] hash, int peer, long uploaded, long downloaded, long left, string extra)
    {
        var answer = await TrackerHttpTests.GetAsync(_host.Client,
            $"/announce?info_hash={TrackerQuery.Encode(hash)}&peer_id={TrackerQuery.Encode(TrackerQuery.Hash(peer))}&port={7000 + peer}&uploaded={uploaded}&downloaded={downloaded}&left={left}&compact=1{extra}");
        Assert.True(answer.ContainsKey("peers"));
    }
}
