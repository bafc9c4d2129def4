using System.Net.Http.Headers;

namespace Publisher.Cli;

internal sealed partial class ServiceClient
{
    /// <summary>
    /// <c>POST /api/releases/upload</c>: streams the file or every file under the directory as multipart parts named by
    /// their path relative to <paramref name="path"/>'s parent ("name" or "name/sub/file"), with the release fields.
    /// The server hashes them into a hybrid torrent, stores them and publishes in one step.
    /// </summary>
    public async Task<ServiceCall> UploadReleaseAsync(
        string path, string product, string version, string? channel, string? notes, CancellationToken cancellationToken)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var name = Path.GetFileName(full);
        var files = new List<(string Path, string PartName)>();
        if (File.Exists(full))
        {
            files.Add((full, name));
        }
        else if (Directory.Exists(full))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (var file in Directory.EnumerateFiles(full, "*", options))
            {
                files.Add((file, name + "/" + Path.GetRelativePath(full, file).Replace(Path.DirectorySeparatorChar, '/')));
            }
        }
        else
        {
            return ServiceCall.Failed($"'{path}' does not exist");
        }

        return await SendAsync(() => BuildUpload(files, product, version, channel, notes), cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage BuildUpload(List<(string Path, string PartName)> files, string product, string version, string? channel, string? notes)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(product), "product");
        form.Add(new StringContent(version), "version");
        if (!string.IsNullOrEmpty(channel))
        {
            form.Add(new StringContent(channel), "channel");
        }

        if (!string.IsNullOrEmpty(notes))
        {
            form.Add(new StringContent(notes), "notes");
        }

        foreach (var (path, partName) in files)
        {
            // Read when the body is sent, in 1 MiB sequential reads; the request body is never buffered whole.
            var stream = new FileStream(path, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
            var content = new StreamContent(stream, 1 << 20);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", partName);
        }

        return new HttpRequestMessage(HttpMethod.Post, "api/releases/upload") { Content = form };
    }
}
