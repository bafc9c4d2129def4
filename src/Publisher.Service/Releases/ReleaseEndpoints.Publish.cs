using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;

namespace Publisher.Service.Releases;

internal static partial class ReleaseEndpoints
{
    /// <summary>Room for the form's other fields and multipart framing on top of the .torrent and the notes.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    /// <summary>
    /// <c>POST /api/releases</c> (multipart/form-data): <c>torrent</c> (the .torrent file), <c>product</c>,
    /// <c>version</c>, optional <c>channel</c>, <c>notes</c>, <c>access</c> (public | entitled) and <c>upload</c> (the id of
    /// an upload whose staged files are the payload: checked and moved into place before the release is registered).
    /// 201 with the release; 400 bad fields or torrent; 409 duplicate; 413 too large; 415 not a form.
    /// </summary>
    internal static async Task<IResult> PublishAsync(HttpContext context, ReleasePublisher publisher, PublicUrlProvider urls, IOptions<PublisherOptions> options)
    {
        var limits = options.Value.Releases;
        var maxBody = limits.MaxTorrentBytes + (limits.MaxNotesLength * 4L) + FormOverheadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        if (context.Request.ContentLength > maxBody)
        {
            return TooLarge(context, maxBody);
        }

        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Problem("Send the release as multipart/form-data with a 'torrent' file field.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = maxBody + 1,
                ValueLengthLimit = (limits.MaxNotesLength * 4) + 1024,
                ValueCountLimit = 64,
            }, context.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(context, maxBody);
        }
        catch (InvalidDataException exception)
        {
            return TypedResults.Problem($"The multipart body could not be read: {exception.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Malformed form");
        }

        var file = form.Files.GetFile("torrent");
        if (file is not null && file.Length > limits.MaxTorrentBytes)
        {
            return TooLarge(context, limits.MaxTorrentBytes);
        }

        var torrent = Array.Empty<byte>();
        if (file is not null)
        {
            torrent = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(torrent, context.RequestAborted);
        }

        var accessText = Single(form, "access");
        ReleaseAccess access;
        switch (accessText)
        {
            case null or "public":
                access = ReleaseAccess.Public;
                break;
            case "entitled":
                access = ReleaseAccess.Entitled;
                break;
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["access"] = ["access must be 'public' or 'entitled'."] });
        }

        var request = new PublishRequest(Single(form, "product"), Single(form, "channel"), Single(form, "version"), Single(form, "notes"), access, torrent)
        {
            UploadId = Single(form, "upload"),
        };
        var baseUrl = urls.GetBaseUrl(context);
        var result = await publisher.PublishAsync(request, baseUrl, context.RequestAborted);
        return result.Status switch
        {
            PublishStatus.Created => TypedResults.Created(ServiceUrls.Release(baseUrl, result.Release!.Id), ReleaseResponse.From(result.Release, baseUrl)),
            PublishStatus.Invalid => TypedResults.ValidationProblem(result.Errors!),
            PublishStatus.DuplicateVersion => TypedResults.Problem(
                $"{request.Product} {request.Version} is already published; versions are immutable, publish a new version instead.",
                statusCode: StatusCodes.Status409Conflict, title: "Version already published"),
            _ => TypedResults.Problem("Another release already has this torrent (same info hash).",
                statusCode: StatusCodes.Status409Conflict, title: "Torrent already published"),
        };
    }

    private static string? Single(IFormCollection form, string name)
    {
        var values = form[name];
        return values.Count == 1 ? values[0] : null;
    }

    private static ProblemHttpResult TooLarge(HttpContext context, long limit)
    {
        // The unread rest of the body makes the connection useless for another request: say so.
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
        return TypedResults.Problem($"The upload is larger than the {limit} bytes this service accepts.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large");
    }
}
