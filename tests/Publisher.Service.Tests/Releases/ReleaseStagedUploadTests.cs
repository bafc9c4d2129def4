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
/// The staged publish: <c>POST /api/releases/uploads</c>, a <c>PUT</c> per file into the blob store's staging, then
/// <c>POST /api/releases</c> with the client's torrent and <c>upload={id}</c> (sizes checked, pieces spot-checked,
/// files renamed into place, then the release becomes visible).
/// </summary>
public sealed class ReleaseStagedUploadTests : IAsyncLifetime
{
    private const int MaxUploadBytes = 4_000_000;
    private readonly TempDirectory _payloads = new("publisher-staged");
    private ServiceHost _host = null!;
    private StagedUploads _uploads = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken,
            new Dictionary<string, string?> { ["Publisher:Releases:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _uploads = new StagedUploads(_host, _payloads);
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
        _payloads.Dispose();
    }

    [Fact]
    public async Task Register_AfterEveryFileIsUploaded_PublishesByteIdenticalFilesAndClearsStaging()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("game", ("bin/run", 700_000, 1), ("readme.txt", 1_234, 2), ("data/empty", 0, 3));
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.Hybrid, PieceLength = 32 * 1024 }, null, ct);
        var files = TorrentBuilder.ListFiles(source);

        var upload = await StartAsync(files, ct);
        foreach (var file in files)
        {
            using var put = await PutAsync(upload, file.TorrentPath, await File.ReadAllBytesAsync(file.FullPath, ct), ct);
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Empty(await _uploads.ListAsync("releases/", ct));
        using var response = await _uploads.RegisterAsync("game", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var hash = created.InfoHashes.V1!.Value.ToHex();
        foreach (var file in files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(file.FullPath, ct), await _uploads.ReadBlobAsync($"releases/{hash}/{file.TorrentPath}", ct));
        }

        Assert.Empty(await _uploads.ListAsync(UploadStaging.Root + "/", ct));
    }

    [Fact]
    public async Task Register_SizeMismatch_Returns400ProblemAndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("sized", ("a.bin", 100_000, 4));
        var created = await TorrentBuilder.CreateAsync(source, null, null, ct);
        var upload = await StartAsync(TorrentBuilder.ListFiles(source), ct);
        using (var put = await PutAsync(upload, "sized/a.bin", new byte[99_999], ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var response = await _uploads.RegisterAsync("sized", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        await _uploads.AssertRefusedAsync(response, "sized", "99999", ct);
    }

    [Fact]
    public async Task Register_SpotCheckFails_Returns400ProblemAndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("spot", ("a.bin", 300_000, 5), ("b.bin", 200_000, 6));
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { PieceLength = 16 * 1024 }, null, ct);
        var files = TorrentBuilder.ListFiles(source);
        var upload = await StartAsync(files, ct);
        foreach (var file in files)
        {
            // The right sizes, other bytes: every piece is wrong, so any sample finds it.
            var other = new byte[file.Length];
            new Random(77).NextBytes(other);
            using var put = await PutAsync(upload, file.TorrentPath, other, ct);
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var response = await _uploads.RegisterAsync("spot", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        await _uploads.AssertRefusedAsync(response, "spot", "does not match", ct);
        Assert.Contains(_host.Logs.Entries, e => e.Message.Contains("does not match the registered torrent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_FileNeverUploaded_Returns400ProblemAndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("partial", ("one", 10_000, 7), ("two", 10_000, 8));
        var created = await TorrentBuilder.CreateAsync(source, null, null, ct);
        var upload = await StartAsync(TorrentBuilder.ListFiles(source), ct);
        using (var put = await PutAsync(upload, "partial/one", await File.ReadAllBytesAsync(Path.Combine(source, "one"), ct), ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var response = await _uploads.RegisterAsync("partial", "1.0.0", created.Bytes, upload.GetProperty("id").GetString()!, ct);

        await _uploads.AssertRefusedAsync(response, "partial", "was not uploaded", ct);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("game/../../evil")]
    [InlineData("/etc/passwd")]
    [InlineData("game//x")]
    [InlineData("game/./x")]
    [InlineData("game\\..\\x")]
    [InlineData("C:/x")]
    public async Task StartAndPut_TraversalPath_Return400AndWriteNothing(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var start = ServiceHost.Request(HttpMethod.Post, "/api/releases/uploads", ServiceHost.AdminKey);
        start.Content = JsonContent.Create(new { files = new[] { new { path, length = 10 } } });
        using var started = await _host.Client.SendAsync(start, ct);
        using var put = await PutAsync(UploadStaging.NewId(), path, new byte[10], ct);

        Assert.Equal(HttpStatusCode.BadRequest, started.StatusCode);
        Assert.Equal("application/problem+json", started.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await _uploads.ListAsync(string.Empty, ct));
        Assert.False(File.Exists(Path.Combine(_host.DataDirectory, "evil")));
    }

    [Fact]
    public async Task StartUpload_OverTheLimit_Returns413()
    {
        var ct = TestContext.Current.CancellationToken;
        using var start = ServiceHost.Request(HttpMethod.Post, "/api/releases/uploads", ServiceHost.AdminKey);
        start.Content = JsonContent.Create(new { files = new[] { new { path = "big/a", length = MaxUploadBytes }, new { path = "big/b", length = 1 } } });

        using var response = await _host.Client.SendAsync(start, ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Put_WithoutPublishKey_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = ServiceHost.Request(HttpMethod.Put, $"/api/releases/uploads/{UploadStaging.NewId()}?path=x/y", null);
        request.Content = new ByteArrayContent(new byte[10]);

        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Put_InterruptedMidBody_StagesNothingAndRegisterRefuses()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = _uploads.Payload("cut", ("big.bin", 1_500_000, 9));
        var created = await TorrentBuilder.CreateAsync(source, null, null, ct);
        var upload = await StartAsync(TorrentBuilder.ListFiles(source), ct);
        var id = upload.GetProperty("id").GetString()!;

        using var request = ServiceHost.Request(HttpMethod.Put, $"/api/releases/uploads/{id}?path=cut/big.bin", ServiceHost.AdminKey);
        request.Content = new BrokenContent(1_500_000, 400_000);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _host.Client.SendAsync(request, ct));

        // The service notices the abort on its own schedule (slowly on a loaded CI machine), possibly after the
        // client gave up: wait, up to 30 s, until its request has finished and its temporary file is gone.
        var incoming = Path.Combine(_host.DataDirectory, "blobs", ".incoming");
        for (var i = 0; i < 1200 && (!PutFinished(id) || Directory.EnumerateFiles(incoming).Any()); i++)
        {
            await Task.Delay(25, ct);
        }

        Assert.True(PutFinished(id), "the service never finished the interrupted request");
        Assert.Empty(Directory.EnumerateFiles(incoming));
        Assert.Empty(await _uploads.ListAsync(UploadStaging.Prefix(id), ct));
        using var response = await _uploads.RegisterAsync("cut", "1.0.0", created.Bytes, id, ct);
        await _uploads.AssertRefusedAsync(response, "cut", "was not uploaded", ct);
    }

    [Fact]
    public async Task Abort_RemovesEveryStagedFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = UploadStaging.NewId();
        using (var put = await PutAsync(id, "gone/a.bin", new byte[1000], ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Single(await _uploads.ListAsync(UploadStaging.Prefix(id), ct));
        using var request = ServiceHost.Request(HttpMethod.Delete, $"/api/releases/uploads/{id}", ServiceHost.AdminKey);
        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await _uploads.ListAsync(UploadStaging.Prefix(id), ct));
    }

    [Fact]
    public async Task Sweep_RemovesOnlyStagedFilesOlderThanTheLifetime()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = UploadStaging.NewId();
        using (var put = await PutAsync(id, "old/a.bin", new byte[1000], ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var store = _host.Services.GetRequiredService<IBlobStore>();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var sweeper = new UploadStagingSweeper(store, time, NullLogger<UploadStagingSweeper>.Instance);

        Assert.Equal(0, await sweeper.SweepOnceAsync(ct));
        time.Advance(UploadStaging.Lifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await sweeper.SweepOnceAsync(ct));
        Assert.Empty(await _uploads.ListAsync(UploadStaging.Root + "/", ct));
    }

    /// <summary>Whether the hosting layer logged the end of the PUT for upload <paramref name="id"/>.</summary>
    private bool PutFinished(string id) => _host.Logs.Entries.Any(e =>
        e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.EventId.Id == 2
        && e.Message.Contains("PUT", StringComparison.Ordinal) && e.Message.Contains(id, StringComparison.Ordinal));

    private async Task<JsonElement> StartAsync(IReadOnlyList<TorrentSourceFile> files, CancellationToken ct)
    {
        var body = await _uploads.StartAsync(files, ct);
        Assert.Equal(files.Count, body.GetProperty("files").GetArrayLength());
        Assert.False(body.GetProperty("files")[0].GetProperty("direct").GetBoolean());
        return body;
    }

    private Task<HttpResponseMessage> PutAsync(JsonElement upload, string path, byte[] data, CancellationToken ct) =>
        PutAsync(upload.GetProperty("id").GetString()!, path, data, ct);

    private async Task<HttpResponseMessage> PutAsync(string id, string path, byte[] data, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Put, $"/api/releases/uploads/{id}?path={Uri.EscapeDataString(path)}", ServiceHost.AdminKey);
        request.Content = new ByteArrayContent(data);
        return await _host.Client.SendAsync(request, ct);
    }

    /// <summary>A body that announces <c>length</c> bytes and fails after sending <c>failAfter</c>: a client that died mid-upload.</summary>
    private sealed class BrokenContent(long length, int failAfter) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(new byte[failAfter]);
            await stream.FlushAsync();
            throw new IOException("the client died");
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return true;
        }
    }
}
