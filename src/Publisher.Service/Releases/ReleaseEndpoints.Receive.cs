using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Publisher.Service.Releases;

internal static partial class ReleaseEndpoints
{
    /// <summary>Streams the multipart body: text fields into memory (bounded), file parts onto disk under <paramref name="staging"/>.</summary>
    private static async Task<UploadReceipt> ReceiveAsync(HttpContext context, string boundary, string staging, ReleaseLimitsOptions limits)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<string[]>();
        var maxField = (limits.MaxNotesLength * 4) + 1024;
        long total = 0;
        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
        var root = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
        var buffer = new byte[81920];
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(context.RequestAborted)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    return Refuse("body", "Every part needs a Content-Disposition header.");
                }

                if (disposition.IsFileDisposition())
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                    var components = UploadPaths.Split(name);
                    var target = components is null ? null : Path.GetFullPath(Path.Combine(staging, Path.Combine(components)));
                    if (target is null || !target.StartsWith(root, StringComparison.Ordinal))
                    {
                        return Refuse("file", $"'{name}' is not a safe relative path (no '..', no absolute paths, no empty or reserved names).");
                    }

                    if (files.Count >= MaxUploadFiles)
                    {
                        return Refuse("file", $"An upload holds at most {MaxUploadFiles} files.");
                    }

                    if (File.Exists(target) || Directory.Exists(target))
                    {
                        return Refuse("file", $"'{name}' is sent twice, or is also a folder.");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    {
                        int read;
                        while ((read = await section.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                        {
                            total += read;
                            if (total > limits.MaxUploadBytes)
                            {
                                return new UploadReceipt(null, null, TooLarge(context, limits.MaxUploadBytes));
                            }

                            await output.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                        }
                    }

                    files.Add(components!);
                }
                else if (disposition.IsFormDisposition())
                {
                    var key = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                    var value = await ReadBoundedAsync(section.Body, maxField, context.RequestAborted);
                    if (value is null)
                    {
                        return Refuse(key, $"'{key}' is longer than {maxField} bytes.");
                    }

                    if (!fields.TryAdd(key, value))
                    {
                        return Refuse(key, $"'{key}' is sent twice.");
                    }
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new UploadReceipt(null, null, TooLarge(context, limits.MaxUploadBytes));
        }
        catch (InvalidDataException exception)
        {
            return new UploadReceipt(null, null, TypedResults.Problem($"The multipart body could not be read: {exception.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Malformed form"));
        }

        return new UploadReceipt(fields, files, null);
    }

    private static UploadReceipt Refuse(string field, string message) =>
        new(null, null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }));

    /// <summary>Reads a text field of at most <paramref name="limit"/> bytes; null when it is longer.</summary>
    private static async Task<string?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
