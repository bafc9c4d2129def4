using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Interop.Tests.WebSeedServer;
using Publisher.Service.WebSeeds;
using Publisher.Storage;
using Publisher.Storage.Azure;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Interop.Tests.Releases;

/// <summary>
/// <c>publisher publish</c> (in-process, <c>--json</c>) against the service whose blob store is a real Azurite (npm
/// <c>azurite</c>): the start-upload reply hands out write-only SAS URLs, the CLI puts every file straight into
/// Azurite's <c>staging/</c> (Put Blob, and Put Block + Put Block List for a file over one block), and registering
/// the release makes the service check and Copy Blob them to <c>releases/{hash}/</c>; a failed registration leaves
/// nothing staged.
/// </summary>
public sealed class AzuritePublishTests : IClassFixture<AzuriteServer>
{
    private const string Product = "azure-app";
    private const string Folder = "Azure Publish ñ";

    /// <summary>Sizes that are not multiples of 4 KiB, an empty file, a name with a space and non-ASCII; the first is over the CLI's 8 MiB block.</summary>
    private static readonly (string Path, long Length)[] Files =
    [
        ("bin/app core.dat", (8L * 1024 * 1024) + 4099),
        ("docs/read me.txt", 100_003),
        ("empty.txt", 0),
        ("日本/データ 1.bin", (700 * 1024) + 7),
    ];

    private readonly AzuriteServer _azurite;

    public AzuritePublishTests(AzuriteServer azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task Publish_DirectToAzurite_FilesStagedWithSasThenCopiedIntoTheReleaseByteIdentical()
    {
        _azurite.RequireAvailable();
        var ct = TestContext.Current.CancellationToken;
        var container = AzuriteServer.NewContainer();
        await using var host = await _azurite.StartServiceAsync(container, redirect: false, ct);
        var store = Assert.IsType<AzureBlobStore>(host.Services.GetRequiredService<IBlobStore>());
        var source = WriteSource(host, "v1", seed: 1);

        var (exit, stdout, stderr) = await PublishAsync(host, source, "1.0.0", ct);

        Assert.True(exit == 0, $"publisher publish exited {exit}: {stderr}");
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("upload", summary.GetProperty("transport").GetString());
        var id = summary.GetProperty("id").GetInt64();
        var hash = summary.GetProperty("infoHashV1").GetString()!;

        // The bytes went to Azurite with the SAS the service issued (signed URLs, not the service's shared key), into
        // staging keys of this test's container: Put Blob for each file, blocks and a block list for the big one.
        var direct = await SasPutsAsync(container, static urls => CompleteUploads(urls) == 1, ct);
        Assert.Contains(direct, static url => url.Contains("?comp=block&", StringComparison.Ordinal));
        Assert.Contains(direct, static url => url.Contains("?comp=blocklist&", StringComparison.Ordinal));

        // Nothing is left in staging; the release holds every file, byte-identical.
        Assert.Empty(await KeysAsync(store, "staging/", ct));
        var expected = Files.Select(file => ReleaseBlobKeys.ForFile(hash, Folder + "/" + file.Path)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, await KeysAsync(store, ReleaseBlobKeys.Prefix(hash), ct));
        foreach (var (path, _) in Files)
        {
            var stream = await store.OpenReadAsync(ReleaseBlobKeys.ForFile(hash, Folder + "/" + path), 0, null, ct);
            Assert.NotNull(stream);
            await using (stream)
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct);
                Assert.Equal(File.ReadAllBytes(Path.Combine(source, path)), copy.ToArray());
            }
        }

        // The API lists the release, and the web seed streams a file's exact bytes from Azurite.
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var listed = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/releases?product={Product}", UriKind.Relative), ct)).RootElement;
        var release = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, release.GetProperty("id").GetInt64());
        Assert.Equal("1.0.0", release.GetProperty("version").GetString());
        var torrent = TorrentInfo.Parse(await client.GetByteArrayAsync(new Uri($"api/releases/{id}/torrent", UriKind.Relative), ct));
        foreach (var file in torrent.Files.Where(static file => !file.IsPadFile && file.Length > 0))
        {
            using var response = await client.GetAsync(WebSeedUrl.ForFile(Assert.Single(torrent.WebSeeds), torrent, file), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var content = File.ReadAllBytes(Path.Combine(source, file.PathString[(Folder.Length + 1)..]));
            Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(ct));
        }
    }

    [Fact]
    public async Task Publish_VersionAlreadyExists_ExitsOneWith409AndLeavesNothingStaged()
    {
        _azurite.RequireAvailable();
        var ct = TestContext.Current.CancellationToken;
        var container = AzuriteServer.NewContainer();
        await using var host = await _azurite.StartServiceAsync(container, redirect: false, ct);
        var store = host.Services.GetRequiredService<IBlobStore>();
        var first = await PublishAsync(host, WriteSource(host, "first", seed: 10), "2.0.0", ct);
        Assert.True(first.Exit == 0, $"the first publish exited {first.Exit}: {first.Stderr}");
        var released = await KeysAsync(store, "releases/", ct);

        // Other bytes, same version: the files reach staging, then registration is refused.
        var (exit, stdout, stderr) = await PublishAsync(host, WriteSource(host, "second", seed: 20), "2.0.0", ct);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("409", line, StringComparison.Ordinal);
        await SasPutsAsync(container, static urls => CompleteUploads(urls) == 2, ct);
        Assert.Empty(await KeysAsync(store, "staging/", ct));
        Assert.Equal(released, await KeysAsync(store, "releases/", ct));
    }

    /// <summary>Writes <see cref="Files"/> with random content under <c>{name}/Azure Publish ñ</c>; returns that folder.</summary>
    private static string WriteSource(WebSeedInteropHost host, string name, int seed)
    {
        for (var i = 0; i < Files.Length; i++)
        {
            host.Directory.WriteRandomFile(Path.Combine(name, Folder, Files[i].Path), Files[i].Length, seed + i);
        }

        return host.Directory.Combine(name, Folder);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> PublishAsync(WebSeedInteropHost host, string source, string version, CancellationToken cancellationToken)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Publisher.Cli.CliApp.RunAsync(
            ["publish", source, "--server", host.BaseAddress.AbsoluteUri, "--api-key", WebSeedInteropHost.AdminKey, "--name", Product, "--version", version, "--json"],
            stdout, stderr, cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<string[]> KeysAsync(IBlobStore store, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(prefix, cancellationToken))
        {
            keys.Add(blob.Key);
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The request URLs of the PUTs with a SAS signature into <paramref name="container"/>'s staging that Azurite's debug
    /// log records, once they satisfy <paramref name="complete"/> (the log is written asynchronously; bounded wait).
    /// </summary>
    private async Task<string[]> SasPutsAsync(string container, Func<string[], bool> complete, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var urls = new List<string>();
            foreach (var line in await File.ReadAllLinesAsync(_azurite.DebugLog, cancellationToken))
            {
                var start = line.IndexOf(" RequestURL=", StringComparison.Ordinal);
                if (start < 0 || !line.Contains("RequestMethod=PUT ", StringComparison.Ordinal))
                {
                    continue;
                }

                start += " RequestURL=".Length;
                var end = line.IndexOf(' ', start);
                var url = end < 0 ? line[start..] : line[start..end];
                if (url.Contains($"/{container}/staging/", StringComparison.Ordinal) && url.Contains("&sig=", StringComparison.Ordinal))
                {
                    urls.Add(url);
                }
            }

            if (complete([.. urls]))
            {
                return [.. urls];
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"Azurite's log did not show the expected SAS PUTs; it has:\n{string.Join('\n', urls)}");
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>How many uploads (<c>staging/{id}/</c>) received a SAS PUT of every one of <see cref="Files"/>.</summary>
    private static int CompleteUploads(string[] urls)
    {
        var paths = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            var path = url.Split('?')[0];
            var rest = path[(path.IndexOf("/staging/", StringComparison.Ordinal) + "/staging/".Length)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (!paths.TryGetValue(rest[..slash], out var files))
            {
                paths[rest[..slash]] = files = new HashSet<string>(StringComparer.Ordinal);
            }

            files.Add(Uri.UnescapeDataString(rest[(slash + 1)..]));
        }

        return paths.Values.Count(files => Files.All(file => files.Contains(Folder + "/" + file.Path)));
    }
}
