using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;
using Publisher.Storage;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Service.Releases;

internal static partial class ReleaseEndpoints
{
    /// <summary>The most files one upload may carry.</summary>
    public const int MaxUploadFiles = 10_000;

    /// <summary>
    /// <c>POST /api/releases/upload</c> (multipart/form-data, streamed): fields <c>product</c>, <c>version</c>, optional
    /// <c>channel</c>, <c>notes</c>, <c>access</c>, and file parts whose file names are paths relative to the release
    /// (one file, or files under one top folder, the release's name). The files are staged on disk, hashed into a
    /// hybrid torrent, stored in the blob store under <c>releases/{info hash}/{path}</c>, then published in one
    /// catalogue transaction: a crash before that leaves no visible release (only staging files, removed at start).
    /// </summary>
    internal static async Task<IResult> UploadAsync(
        HttpContext context, ReleasePublisher publisher, ICatalogRepository catalog, IBlobStore store, PublisherPaths paths, PublicUrlProvider urls, IOptions<PublisherOptions> options)
    {
        var limits = options.Value.Releases;
        var maxBody = limits.MaxUploadBytes + (limits.MaxNotesLength * 4L) + FormOverheadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        if (context.Request.ContentLength > maxBody)
        {
            return TooLarge(context, maxBody);
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Length is 0 or > 200)
        {
            return TypedResults.Problem("Send the files as multipart/form-data.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        var staging = Path.Combine(paths.DataDirectory, StagingFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var received = await ReceiveAsync(context, HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString(), staging, limits);
            if (received.Error is { } error)
            {
                return error;
            }

            var fields = received.Fields!;

            // The torrent does not exist yet: a placeholder byte lets the shared validation check everything else.
            var request = new PublishRequest(fields.GetValueOrDefault("product"), fields.GetValueOrDefault("channel"), fields.GetValueOrDefault("version"),
                fields.GetValueOrDefault("notes"), fields.GetValueOrDefault("access") == "entitled" ? ReleaseAccess.Entitled : ReleaseAccess.Public, new byte[1]);
            var errors = publisher.Validate(request);
            if (fields.GetValueOrDefault("access") is { } access && access is not ("public" or "entitled"))
            {
                errors["access"] = ["access must be 'public' or 'entitled'."];
            }

            var source = SourceOf(received.Files!, staging, errors);
            if (errors.Count != 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            CreatedTorrent created;
            try
            {
                created = await TorrentBuilder.CreateAsync(source!, new TorrentBuilderOptions { Format = TorrentFormat.Hybrid, CreatedBy = "Publisher service" }, null, context.RequestAborted);
            }
            catch (TorrentCreationException exception)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [exception.Message] });
            }

            if (await catalog.GetReleaseByVersionAsync(request.Product!, request.Version!, context.RequestAborted) is not null)
            {
                return DuplicateVersion(request);
            }

            var trackerHash = created.InfoHashes.Primary;
            if (await catalog.FindReleaseByInfoHashAsync(trackerHash.ToArray(), context.RequestAborted) is not null)
            {
                return DuplicateTorrent();
            }

            var keys = new List<string>();
            foreach (var file in created.Torrent.Files)
            {
                if (file.IsPadFile)
                {
                    continue;
                }

                var key = UploadPaths.BlobKey(trackerHash.ToHex(), file.PathString);
                await using var content = File.OpenRead(created.Torrent.IsSingleFile ? source! : Path.Combine(staging, Path.Combine([.. file.Path])));
                await store.PutAsync(key, content, null, context.RequestAborted);
                keys.Add(key);
            }

            var baseUrl = urls.GetBaseUrl(context);
            var result = await publisher.PublishAsync(request with { Torrent = created.Bytes }, baseUrl, context.RequestAborted);
            if (result.Status is PublishStatus.Invalid or PublishStatus.DuplicateVersion)
            {
                // Nobody else published these bytes under this hash: the blobs are ours to remove.
                foreach (var key in keys)
                {
                    await store.DeleteAsync(key, CancellationToken.None);
                }
            }

            return result.Status switch
            {
                PublishStatus.Created => TypedResults.Created(ServiceUrls.Release(baseUrl, result.Release!.Id), ReleaseResponse.From(result.Release, baseUrl)),
                PublishStatus.Invalid => TypedResults.ValidationProblem(result.Errors!),
                PublishStatus.DuplicateVersion => DuplicateVersion(request),
                _ => DuplicateTorrent(),
            };
        }
        finally
        {
            DeleteStaging(staging);
        }
    }

    /// <summary>The folder under the data directory where uploads are staged (emptied at start-up).</summary>
    internal const string StagingFolder = "uploads";

    /// <summary>Removes a staging directory, ignoring what cannot be removed now.</summary>
    internal static void DeleteStaging(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? SourceOf(List<string[]> files, string staging, Dictionary<string, string[]> errors)
    {
        if (files.Count == 0)
        {
            errors["file"] = ["At least one file part is required."];
            return null;
        }

        if (files.Count == 1 && files[0].Length == 1)
        {
            return Path.Combine(staging, files[0][0]);
        }

        var root = files[0][0];
        foreach (var file in files)
        {
            if (file.Length < 2 || file[0] != root)
            {
                errors["file"] = ["Several files must all sit under one top folder, the release's name (e.g. 'game/bin/run')."];
                return null;
            }
        }

        return Path.Combine(staging, root);
    }

    private static ProblemHttpResult DuplicateVersion(PublishRequest request) => TypedResults.Problem(
        $"{request.Product} {request.Version} is already published; versions are immutable, publish a new version instead.",
        statusCode: StatusCodes.Status409Conflict, title: "Version already published");

    private static ProblemHttpResult DuplicateTorrent() => TypedResults.Problem(
        "Another release already has exactly these files (same info hash).", statusCode: StatusCodes.Status409Conflict, title: "Torrent already published");
}
