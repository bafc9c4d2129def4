using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Publisher.Service.Tests.Testing;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;

namespace Publisher.Server.Tests;

/// <summary>kill -9 of the service in the middle of publishing: no half-visible release, nothing acknowledged lost.</summary>
public sealed class CrashTests : IDisposable
{
    private const string AdminKey = "crash-test-admin-key-0123456789";
    private const int FilesPerRelease = 40;
    private readonly TempDirectory _directory = new("publisher-crash");

    [Fact]
    public async Task KillDuringPublish_Restart_EveryReleaseIsWholeAndAcknowledgedOnesSurvive()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string> { ["Publisher__BootstrapApiKey"] = AdminKey };
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        string createdKey;

        var (server, url) = await ServerProcess.StartAsync(_directory.Path, ct, settings);
        await using (server)
        {
            using var client = Client(url);
            createdKey = await CreateKeyAsync(client, ct);

            // Four publishers in parallel; the service is killed once some have been acknowledged, with others in flight.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 200 && !stop.IsCancellationRequested; i++)
                {
                    var version = $"{worker}.{i}.0";
                    try
                    {
                        using var response = await PublishAsync(client, version, seed: (worker * 1000) + i, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[version] = version;
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return;
                    }
                }
            }, CancellationToken.None)).ToArray();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 12 && DateTime.UtcNow < deadline && !workers.All(w => w.IsCompleted))
            {
                await Task.Delay(20, ct);
            }

            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            Assert.True(acknowledged.Count >= 12, $"Only {acknowledged.Count} releases were published before the deadline.\n{server.Output}");
        }

        var (restarted, url2) = await ServerProcess.StartAsync(_directory.Path, ct, settings);
        await using (restarted)
        {
            using var client = Client(url2);
            using (var health = await client.GetAsync("/health", ct))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            // Keys survived: the configured one and the one created before the crash.
            using (var keys = new HttpRequestMessage(HttpMethod.Get, "/api/keys"))
            {
                keys.Headers.Authorization = new AuthenticationHeaderValue("Bearer", createdKey);
                using var response = await client.SendAsync(keys, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var listed = await client.GetFromJsonAsync<JsonElement>("/api/releases?product=crash&includeYanked=true&limit=500", ct);
            var versions = new HashSet<string>();
            foreach (var release in listed.EnumerateArray())
            {
                var id = release.GetProperty("id").GetInt64();
                versions.Add(release.GetProperty("version").GetString()!);
                var full = await client.GetFromJsonAsync<JsonElement>($"/api/releases/{id}", ct);
                Assert.Equal(FilesPerRelease, full.GetProperty("fileCount").GetInt32());
                Assert.Equal(FilesPerRelease, full.GetProperty("files").GetArrayLength());
                var torrent = TorrentInfo.Parse(await client.GetByteArrayAsync($"/api/releases/{id}/torrent", ct));
                Assert.Equal(release.GetProperty("infoHashV1").GetString(), torrent.InfoHashes.V1!.Value.ToHex());
            }

            Assert.Superset(acknowledged.Keys.ToHashSet(), versions);
        }
    }

    public void Dispose() => _directory.Dispose();

    private static HttpClient Client(Uri url)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    private static async Task<string> CreateKeyAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/keys", new { name = "before the crash", scopes = new[] { "admin" } }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString()!;
    }

    private static Task<HttpResponseMessage> PublishAsync(HttpClient client, string version, int seed, CancellationToken ct)
    {
        var files = Enumerable.Range(0, FilesPerRelease).Select(i => (new[] { "dir", $"file{i}.bin" }, 700)).ToArray();
        var content = new MultipartFormDataContent();
        var torrent = new ByteArrayContent(TestTorrents.MultiFile("crash", seed, files));
        torrent.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        content.Add(torrent, "torrent", "crash.torrent");
        content.Add(new StringContent("crash"), "product");
        content.Add(new StringContent(version), "version");
        return client.PostAsync("/api/releases", content, ct);
    }
}
