using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Releases;
using Publisher.Storage;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Service.Tests.Testing;

/// <summary>
/// The calls and checks of a staged publish that the staged-upload and local-upload tests share: payloads on disk,
/// <c>POST /api/releases/uploads</c>, registration with <c>upload={id}</c>, and what the blob store then holds.
/// </summary>
internal sealed class StagedUploads(ServiceHost host, TempDirectory payloads)
{
    /// <summary>Writes random files under <c>{payloads}/{name}/</c> and returns that folder.</summary>
    public string Payload(string name, params (string Path, int Length, int Seed)[] files)
    {
        foreach (var (path, length, seed) in files)
        {
            payloads.WriteRandomFile($"{name}/{path}", length, seed);
        }

        return payloads.Combine(name);
    }

    /// <summary>Starts an upload of <paramref name="files"/> with the admin key; asserts 201 and returns the reply.</summary>
    public async Task<JsonElement> StartAsync(IReadOnlyList<TorrentSourceFile> files, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases/uploads", ServiceHost.AdminKey);
        request.Content = JsonContent.Create(new { files = files.Select(f => new { path = f.TorrentPath, length = f.Length }).ToArray() });
        using var response = await host.Client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    /// <summary>Registers <paramref name="torrent"/> as a release whose files are upload <paramref name="uploadId"/>.</summary>
    public async Task<HttpResponseMessage> RegisterAsync(string product, string version, ReadOnlyMemory<byte> torrent, string uploadId, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases", ServiceHost.AdminKey);
        var file = new ByteArrayContent(torrent.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        request.Content = new MultipartFormDataContent
        {
            { file, "torrent", "release.torrent" },
            { new StringContent(product), "product" },
            { new StringContent(version), "version" },
            { new StringContent(uploadId), "upload" },
        };
        return await host.Client.SendAsync(request, ct);
    }

    /// <summary>The blob store's keys under <paramref name="prefix"/>.</summary>
    public async Task<List<string>> ListAsync(string prefix, CancellationToken ct)
    {
        var keys = new List<string>();
        await foreach (var blob in host.Services.GetRequiredService<IBlobStore>().ListAsync(prefix, ct))
        {
            keys.Add(blob.Key);
        }

        return keys;
    }

    /// <summary>A whole blob's bytes.</summary>
    public async Task<byte[]> ReadBlobAsync(string key, CancellationToken ct)
    {
        await using var stream = await host.Services.GetRequiredService<IBlobStore>().OpenReadAsync(key, 0, null, ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    /// <summary>
    /// A refused registration: 400 ProblemDetails containing <paramref name="detail"/>, no release of
    /// <paramref name="product"/> (not even yanked), nothing under <c>releases/</c> and nothing left staged.
    /// </summary>
    public async Task AssertRefusedAsync(HttpResponseMessage response, string product, string detail, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>($"/api/releases?product={product}&includeYanked=true", ct)).EnumerateArray());
        Assert.Empty(await ListAsync("releases/", ct));
        Assert.Empty(await ListAsync(UploadStaging.Root + "/", ct));
    }
}
