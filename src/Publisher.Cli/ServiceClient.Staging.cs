using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

internal sealed partial class ServiceClient
{
    /// <summary>How many files are uploaded at once.</summary>
    public const int MaxParallelUploads = 2;

    /// <summary>
    /// <c>POST /api/releases/uploads</c> with the file list. <c>Supported</c> is false when the service
    /// does not have the endpoint (404 or 405: an older service), so the caller can fall back to <see cref="UploadReleaseAsync"/>.
    /// </summary>
    public async Task<(ServiceCall Call, bool Supported)> StartUploadAsync(IReadOnlyList<TorrentSourceFile> files, CancellationToken cancellationToken)
    {
        var list = new List<object>(files.Count);
        foreach (var file in files)
        {
            list.Add(new { path = file.TorrentPath, length = file.Length });
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/releases/uploads") { Content = JsonContent.Create(new { files = list }) };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                return (ServiceCall.Failed("the server has no upload endpoint"), false);
            }

            return (await ReadAsync(response, cancellationToken).ConfigureAwait(false), true);
        }
        catch (HttpRequestException exception)
        {
            return (ServiceCall.Failed($"cannot reach {_http.BaseAddress}: {exception.Message}"), true);
        }
        catch (IOException exception)
        {
            return (ServiceCall.Failed($"connection to {_http.BaseAddress} failed: {exception.Message}"), true);
        }
    }

    /// <summary>
    /// Uploads every file to its target from <paramref name="upload"/> (the reply of <see cref="StartUploadAsync"/>),
    /// <see cref="MaxParallelUploads"/> at a time in torrent order; null when all are stored, else one line saying why not.
    /// </summary>
    public async Task<string?> UploadFilesAsync(JsonElement upload, IReadOnlyList<TorrentSourceFile> files, Action<long>? sent, CancellationToken cancellationToken)
    {
        var targets = upload.GetProperty("files");
        if (targets.ValueKind != JsonValueKind.Array || targets.GetArrayLength() != files.Count)
        {
            return "the server's upload reply does not list one target per file";
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        string? failure = null;
        async Task WorkAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= files.Count || stop.IsCancellationRequested)
                {
                    return;
                }

                var target = targets[index];
                var url = new Uri(target.GetProperty("url").GetString()!, UriKind.Absolute);
                var direct = target.TryGetProperty("direct", out var d) && d.ValueKind == JsonValueKind.True;
                var error = direct
                    ? await DirectBlobUpload.PutAsync(url, target.TryGetProperty("blobKey", out var key) ? key.GetString() : null, files[index], sent, stop.Token).ConfigureAwait(false)
                    : await PutFileAsync(url, files[index], sent, stop.Token).ConfigureAwait(false);
                if (error is not null)
                {
                    Interlocked.CompareExchange(ref failure, $"upload of {files[index].TorrentPath} failed: {error}", null);
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }

        var workers = new Task[Math.Min(MaxParallelUploads, files.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(WorkAsync, CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (failure is not null)
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
        return failure;
    }

    /// <summary>
    /// <c>POST /api/releases</c> with the torrent made locally and <c>upload={id}</c>: the service checks the staged
    /// files against it (sizes and a sample of pieces), moves them into place and registers the release.
    /// </summary>
    public Task<ServiceCall> RegisterAsync(
        ReadOnlyMemory<byte> torrent, string uploadId, string product, string version, string? channel, string? notes, CancellationToken cancellationToken) =>
        SendAsync(() =>
        {
            var form = new MultipartFormDataContent();
            var file = new ReadOnlyMemoryContent(torrent);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
            form.Add(file, "torrent", "release.torrent");
            form.Add(new StringContent(product), "product");
            form.Add(new StringContent(version), "version");
            form.Add(new StringContent(uploadId), "upload");
            if (!string.IsNullOrEmpty(channel))
            {
                form.Add(new StringContent(channel), "channel");
            }

            if (!string.IsNullOrEmpty(notes))
            {
                form.Add(new StringContent(notes), "notes");
            }

            return new HttpRequestMessage(HttpMethod.Post, "api/releases") { Content = form };
        }, cancellationToken);

    /// <summary><c>DELETE /api/releases/uploads/{id}</c>: removes what the upload staged (best effort).</summary>
    public async Task AbortUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/releases/uploads/{Uri.EscapeDataString(uploadId)}");
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            // The service sweeps abandoned uploads itself.
        }
    }

    private async Task<string?> PutFileAsync(Uri url, TorrentSourceFile file, Action<long>? sent, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new FileUploadContent(file.FullPath, 0, file.Length, sent) };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Describe(response.StatusCode, body);
        }
        catch (HttpRequestException exception)
        {
            return exception.InnerException is IOException inner ? inner.Message : exception.Message;
        }
        catch (IOException exception)
        {
            return exception.Message;
        }
    }
}
