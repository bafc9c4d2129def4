using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Seeding;

/// <summary>Publishes releases through <c>POST /api/releases/upload</c> (the service hashes them) and yanks them.</summary>
internal static class SeedingTestRelease
{
    public static byte[] Data(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Uploads the files (paths relative to the release) and returns the new release's id.</summary>
    public static Task<long> UploadAsync(ServiceHost host, string product, string version, CancellationToken ct, params (string Name, byte[] Data)[] files)
        => UploadAsync(host, product, version, "public", ct, files);

    /// <summary>Uploads the files with the given access (public or entitled) and returns the new release's id.</summary>
    public static async Task<long> UploadAsync(ServiceHost host, string product, string version, string access, CancellationToken ct, params (string Name, byte[] Data)[] files)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases/upload", ServiceHost.AdminKey);
        var content = new MultipartFormDataContent
        {
            { new StringContent(product), "product" },
            { new StringContent(version), "version" },
            { new StringContent(access), "access" },
        };
        foreach (var (name, data) in files)
        {
            var part = new ByteArrayContent(data);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + name + "\"" };
            content.Add(part);
        }

        request.Content = content;
        using var response = await host.Client.SendAsync(request, ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
    }

    /// <summary>Registers a torrent created elsewhere (CI) whose payload is already in the blob store; returns the id.</summary>
    public static async Task<long> RegisterAsync(ServiceHost host, byte[] torrent, string product, string version, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases", ServiceHost.AdminKey);
        var file = new ByteArrayContent(torrent);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        request.Content = new MultipartFormDataContent
        {
            { file, "torrent", "release.torrent" },
            { new StringContent(product), "product" },
            { new StringContent(version), "version" },
        };
        using var response = await host.Client.SendAsync(request, ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
    }

    public static async Task YankAsync(ServiceHost host, long id, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, $"/api/releases/{id}/yank", ServiceHost.AdminKey);
        using var response = await host.Client.SendAsync(request, ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits (polling every 20 ms, at most 30 s) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20, ct);
        }
    }
}
