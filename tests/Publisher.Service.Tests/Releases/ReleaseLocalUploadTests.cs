using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Publisher.Service.Releases;
using Publisher.Service.Tests.Testing;
using Publisher.Storage;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Service.Tests.Releases;

/// <summary>
/// Local uploads (<c>Publisher:Releases:LocalUploads</c>): on the local store the start-upload reply names the staging
/// folder and a proof file readable by the service's user only; a client on the same machine writes the files there
/// itself (these tests do, as the CLI would) and registers them; links and special files are refused.
/// </summary>
public sealed class ReleaseLocalUploadTests : IAsyncLifetime
{
    private readonly TempDirectory _payloads = new("publisher-local-upload");
    private ServiceHost _host = null!;
    private StagedUploads _uploads = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);
        _uploads = new StagedUploads(_host, _payloads);
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
        _payloads.Dispose();
    }

    [Fact]
    public async Task StartUpload_LocalStore_ReplyNamesTheStagingFolderAndAProofOnlyTheServiceUserCanRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("game", ("run", 1_000, 1), ("zz/levels/one.pak", 10, 2));

        var upload = await _uploads.StartAsync(TorrentBuilder.ListFiles(source), ct);

        var id = upload.GetProperty("id").GetString()!;
        var local = upload.GetProperty("local");
        var directory = local.GetProperty("directory").GetString()!;
        var proofFile = local.GetProperty("proofFile").GetString()!;
        var proof = local.GetProperty("proof").GetString()!;
        var blobs = Path.Combine(_host.DataDirectory, "blobs");
        Assert.Equal(Path.GetFullPath(Path.Combine(blobs, "staging", id)), directory);
        Assert.True(Directory.Exists(directory));
        Assert.Equal(Path.GetFullPath(Path.Combine(blobs, "staging", id + ".proof")), proofFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(proofFile));
        }

        Assert.Matches("^[0-9a-f]{32}$", proof);
        Assert.Equal(proof, await File.ReadAllTextAsync(proofFile, ct));
        Assert.NotEqual(proof, id);

        // Every folder the files need is the service's own (a client running as root would otherwise make folders
        // the service could not move files out of).
        var levels = Path.Combine(directory, "game", "zz", "levels");
        Assert.True(Directory.Exists(levels));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(levels));
        }

        // The HTTP targets stay, for a client that cannot write there.
        var target = upload.GetProperty("files")[0];
        Assert.Equal("game/run", target.GetProperty("path").GetString());
        Assert.Contains($"api/releases/uploads/{id}?path=", target.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_FilesWrittenIntoTheFolder_PublishesByteIdenticalFilesAndRemovesStagingAndProof()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("game", ("bin/run", 700_000, 2), ("readme.txt", 1_234, 3), ("data/empty", 0, 4));
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.Hybrid, PieceLength = 32 * 1024 }, null, ct);
        var files = TorrentBuilder.ListFiles(source);
        var upload = await _uploads.StartAsync(files, ct);
        var local = upload.GetProperty("local");

        await WriteLocallyAsync(local, files, ct);
        using var response = await _uploads.RegisterAsync("game", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var hash = created.InfoHashes.V1!.Value.ToHex();
        foreach (var file in files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(file.FullPath, ct), await _uploads.ReadBlobAsync($"releases/{hash}/{file.TorrentPath}", ct));
        }

        Assert.False(Path.Exists(local.GetProperty("directory").GetString()));
        Assert.False(File.Exists(local.GetProperty("proofFile").GetString()));
        Assert.Empty(await _uploads.ListAsync(UploadStaging.Root + "/", ct));
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "blobs", UploadStaging.Root)));
    }

    [Fact]
    public async Task Register_StagedFileIsALinkToTheRightBytes_Returns400AndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("linked", ("a.bin", 300_000, 5), ("b.bin", 5_000, 6));
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { PieceLength = 16 * 1024 }, null, ct);
        var files = TorrentBuilder.ListFiles(source);
        var upload = await _uploads.StartAsync(files, ct);
        var local = upload.GetProperty("local");
        var directory = local.GetProperty("directory").GetString()!;

        // Sizes and every piece would pass: only the link check stops the service publishing a file outside its store.
        await WriteLocallyAsync(local, files.Where(f => f.TorrentPath != "linked/a.bin"), ct);
        File.CreateSymbolicLink(Path.Combine(directory, "linked", "a.bin"), Path.Combine(source, "a.bin"));
        using var response = await _uploads.RegisterAsync("linked", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        await AssertRefusedAsync(response, "linked", local, ct);
        Assert.True(File.Exists(Path.Combine(source, "a.bin")));
    }

    [Fact]
    public async Task Register_StagedUnderALinkedFolder_Returns400AndLeavesTheLinkedFilesAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("tree", ("bin/run", 100_000, 7), ("bin/lib", 50_000, 8), ("top.txt", 10, 9));
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { PieceLength = 16 * 1024 }, null, ct);
        var files = TorrentBuilder.ListFiles(source);
        var upload = await _uploads.StartAsync(files, ct);
        var local = upload.GetProperty("local");
        var directory = local.GetProperty("directory").GetString()!;

        await WriteLocallyAsync(local, files.Where(f => f.TorrentPath == "tree/top.txt"), ct);
        // The service made the (empty) folder; a client replaces it with a link.
        Directory.Delete(Path.Combine(directory, "tree", "bin"));
        Directory.CreateSymbolicLink(Path.Combine(directory, "tree", "bin"), Path.Combine(source, "bin"));
        using var response = await _uploads.RegisterAsync("tree", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        await AssertRefusedAsync(response, "tree", local, ct);
        Assert.True(File.Exists(Path.Combine(source, "bin", "run")));
        Assert.True(File.Exists(Path.Combine(source, "bin", "lib")));
    }

    [Fact]
    public async Task Register_EmptyFileStagedAsAFifo_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var mkfifo = ExternalTool.Require("mkfifo", "coreutils");
        var source = _uploads.Payload("piped", ("a.bin", 20_000, 10), ("empty", 0, 11));
        var created = await TorrentBuilder.CreateAsync(source, null, null, ct);
        var files = TorrentBuilder.ListFiles(source);
        var upload = await _uploads.StartAsync(files, ct);
        var local = upload.GetProperty("local");

        await WriteLocallyAsync(local, files.Where(f => f.TorrentPath == "piped/a.bin"), ct);
        var made = await ChildProcess.RunAsync(mkfifo, [Path.Combine(local.GetProperty("directory").GetString()!, "piped", "empty")], TimeSpan.FromSeconds(30), ct);
        Assert.Equal(0, made.ExitCode);
        using var response = await _uploads.RegisterAsync("piped", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        await AssertRefusedAsync(response, "piped", local, ct);
    }

    [Fact]
    public async Task Abort_RemovesTheFolderWithWhatTheClientWroteAndTheProof()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("gone", ("a.bin", 1_000, 12));
        var files = TorrentBuilder.ListFiles(source);
        var upload = await _uploads.StartAsync(files, ct);
        var local = upload.GetProperty("local");
        await WriteLocallyAsync(local, files, ct);
        Directory.CreateDirectory(Path.Combine(local.GetProperty("directory").GetString()!, "gone", "empty-folder"));

        using var request = ServiceHost.Request(HttpMethod.Delete, $"/api/releases/uploads/{upload.GetProperty("id").GetString()}", ServiceHost.AdminKey);
        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(Path.Exists(local.GetProperty("directory").GetString()));
        Assert.False(File.Exists(local.GetProperty("proofFile").GetString()));
        Assert.True(File.Exists(Path.Combine(source, "a.bin")));
    }

    [Fact]
    public async Task Sweep_PastTheLifetime_RemovesTheProofAndTheUnusedFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        var upload = await _uploads.StartAsync(TorrentBuilder.ListFiles(_uploads.Payload("old", ("a.bin", 1_000, 13))), ct);
        var local = upload.GetProperty("local");
        var store = _host.Services.GetRequiredService<IBlobStore>();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var sweeper = new UploadStagingSweeper(store, time, NullLogger<UploadStagingSweeper>.Instance);

        Assert.Equal(0, await sweeper.SweepOnceAsync(ct));
        Assert.True(File.Exists(local.GetProperty("proofFile").GetString()));
        time.Advance(UploadStaging.Lifetime + TimeSpan.FromMinutes(1));

        Assert.Equal(2, await sweeper.SweepOnceAsync(ct)); // The proof file, then the folder the client never wrote into.
        Assert.False(File.Exists(local.GetProperty("proofFile").GetString()));
        Assert.False(Path.Exists(local.GetProperty("directory").GetString()));
    }

    [Fact]
    public async Task StartUpload_LocalUploadsOff_ReplyHasNoLocalAndNothingIsCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct, new Dictionary<string, string?> { ["Publisher:Releases:LocalUploads"] = "false" });
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/releases/uploads", ServiceHost.AdminKey);
        request.Content = JsonContent.Create(new { files = new[] { new { path = "off/a", length = 10 } } });

        using var response = await host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.False(body.TryGetProperty("local", out _));
        Assert.Equal(1, body.GetProperty("files").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "blobs", UploadStaging.Root)));
    }

    [Fact]
    public async Task OpenApiDocument_StartUploadResponse_DescribesLocal()
    {
        var ct = TestContext.Current.CancellationToken;

        using var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json", ct));

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("StartUploadResponse").GetProperty("properties").TryGetProperty("local", out _));
        var target = schemas.GetProperty("LocalUploadTarget").GetProperty("properties");
        Assert.True(target.TryGetProperty("directory", out _));
        Assert.True(target.TryGetProperty("proofFile", out _));
        Assert.True(target.TryGetProperty("proof", out _));
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string product, JsonElement local, CancellationToken ct)
    {
        await _uploads.AssertRefusedAsync(response, product, "links and special files are not accepted", ct);
        Assert.False(Path.Exists(local.GetProperty("directory").GetString()));
        Assert.False(File.Exists(local.GetProperty("proofFile").GetString()));
    }

    private static async Task WriteLocallyAsync(JsonElement local, IEnumerable<TorrentSourceFile> files, CancellationToken ct)
    {
        var directory = local.GetProperty("directory").GetString()!;
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.TorrentPath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, await File.ReadAllBytesAsync(file.FullPath, ct), ct);
        }
    }

}
