using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Publisher.Service.Hosting;
using Publisher.Storage;

namespace Publisher.Service.Releases;

internal static partial class ReleaseEndpoints
{
    /// <summary>
    /// <c>POST /api/releases/uploads</c>: checks the file list (safe relative paths under one top folder, sizes within
    /// the limit) and answers with an upload id and one target per file: the service's <c>PUT</c> URL, or a
    /// write-only SAS URL of the staging blob when the store supports direct uploads (Azure). When the store is the
    /// local directory and <see cref="ReleaseLimitsOptions.LocalUploads"/> is on, it also creates the upload's
    /// staging folder and proof file and adds <see cref="StartUploadResponse.Local"/>, so a client on the same machine
    /// may write the files there itself (the <c>PUT</c> URLs stay for one that cannot). Nothing is visible until
    /// <c>POST /api/releases</c> registers the torrent with <c>upload={id}</c>.
    /// </summary>
    internal static async Task<IResult> StartUploadAsync(
        StartUploadRequest body, IBlobStore store, PublicUrlProvider urls, IOptions<PublisherOptions> options, TimeProvider time, HttpContext context)
    {
        var limits = options.Value.Releases;
        var files = body.Files;
        if (files is null || files.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["At least one file is required."] });
        }

        if (files.Count > MaxUploadFiles)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [$"An upload holds at most {MaxUploadFiles} files."] });
        }

        var components = new List<string[]>(files.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var file in files)
        {
            var split = UploadPaths.Split(file.Path);
            if (split is null || !BlobKey.IsValid(UploadStaging.Key(UploadStaging.NewId(), file.Path!)))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [UnsafePath(file.Path)] });
            }

            if (file.Length < 0 || !seen.Add(file.Path!))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [$"'{file.Path}' is listed twice or has a negative length."] });
            }

            total += file.Length;
            if (total > limits.MaxUploadBytes)
            {
                return TooLarge(context, limits.MaxUploadBytes);
            }

            components.Add(split);
        }

        var errors = new Dictionary<string, string[]>();
        SourceOf(components, string.Empty, errors);
        if (errors.Count != 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = errors["file"] });
        }

        var id = UploadStaging.NewId();
        var baseUrl = urls.GetBaseUrl(context);
        var targets = new List<UploadTarget>(files.Count);
        foreach (var file in files)
        {
            var key = UploadStaging.Key(id, file.Path!);
            var direct = await store.GetDirectUploadUrlAsync(key, UploadStaging.Lifetime, context.RequestAborted);
            targets.Add(direct is null
                ? new UploadTarget(file.Path!, new Uri(baseUrl, $"api/releases/uploads/{id}?path={Uri.EscapeDataString(file.Path!)}"), Direct: false, BlobKey: null)
                : new UploadTarget(file.Path!, direct, Direct: true, BlobKey: key));
        }

        // The local store never gives SAS targets, so local uploads and direct uploads never meet.
        var local = limits.LocalUploads && LocalUploads.Find(store) is { } localStore
            ? await LocalUploads.PrepareAsync(localStore, id, files.Select(file => file.Path!), context.RequestAborted)
            : null;
        return TypedResults.Created(new Uri(baseUrl, $"api/releases/uploads/{id}"), new StartUploadResponse(id, time.GetUtcNow() + UploadStaging.Lifetime, targets, local));
    }

    /// <summary>
    /// <c>PUT /api/releases/uploads/{id}?path=...</c>: streams the body (Content-Length required) straight into the
    /// blob store's staging key for that file; the store writes a temporary file beside its blobs and renames it into
    /// place, so a file is staged whole or not at all. 204 when stored.
    /// </summary>
    internal static async Task<IResult> PutUploadFileAsync(string id, string? path, HttpContext context, IBlobStore store, IOptions<PublisherOptions> options)
    {
        var limits = options.Value.Releases;
        if (!UploadStaging.IsValidId(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["An upload id is 32 lowercase hex digits, as POST /api/releases/uploads gave it."] });
        }

        if (UploadPaths.Split(path) is null || !BlobKey.IsValid(UploadStaging.Key(id, path!)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["path"] = [UnsafePath(path)] });
        }

        if (context.Request.ContentLength is not { } length)
        {
            return TypedResults.Problem("Send the file with a Content-Length.", statusCode: StatusCodes.Status411LengthRequired, title: "Length required");
        }

        if (length > limits.MaxUploadBytes)
        {
            return TooLarge(context, limits.MaxUploadBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = length;
        }

        try
        {
            await store.PutAsync(UploadStaging.Key(id, path!), context.Request.BodyReader, new BlobPutOptions { Length = length }, context.RequestAborted);
        }
        catch (Exception exception) when (exception is IOException or BadHttpRequestException)
        {
            // The client went away or sent fewer bytes than it announced: nothing was staged.
            return TypedResults.Problem($"The upload of '{path}' ended early: {exception.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Incomplete upload");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }

        return TypedResults.NoContent();
    }

    /// <summary><c>DELETE /api/releases/uploads/{id}</c>: removes whatever the upload staged, and its proof file. 204 (also when nothing was).</summary>
    internal static async Task<Results<NoContent, ValidationProblem>> AbortUploadAsync(string id, IBlobStore store, CancellationToken cancellationToken)
    {
        if (!UploadStaging.IsValidId(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["An upload id is 32 lowercase hex digits."] });
        }

        await UploadStaging.DeleteAsync(store, id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static string UnsafePath(string? path) =>
        $"'{path}' is not a safe relative path (no '..', no absolute paths, no empty or reserved names).";
}
