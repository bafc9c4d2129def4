using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Publisher.Service.WebSeeds;

/// <summary>Validators, conditional requests (RFC 9110 section 13) and the choice between 200, 206, 304 and 416.</summary>
internal sealed partial class WebSeedServer
{
    /// <summary>
    /// Writes the status line's headers for a representation of <paramref name="length"/> bytes and decides what to send:
    /// 304 (If-None-Match, else If-Modified-Since), 416, or 200/206 with the byte range to send. Range is honoured only
    /// when If-Range is absent or matches (strong ETag comparison, or the exact Last-Modified date).
    /// </summary>
    private static ByteRange Prepare(HttpContext context, long length, EntityTagHeaderValue? etag, DateTimeOffset? lastModified, out int status)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;
        headers.AcceptRanges = "bytes";
        if (etag is not null)
        {
            headers.ETag = etag.ToString();
        }

        if (lastModified is { } modified)
        {
            headers.LastModified = HeaderUtilities.FormatDate(modified);
        }

        var typed = request.GetTypedHeaders();
        if (IsNotModified(typed, etag, lastModified))
        {
            status = StatusCodes.Status304NotModified;
            return new ByteRange(ByteRangeKind.Whole, 0, 0);
        }

        var range = new ByteRange(ByteRangeKind.Whole, 0, length);
        var rangeHeader = request.Headers.Range;
        if (rangeHeader.Count == 1 && IfRangeAllows(typed, etag, lastModified))
        {
            range = ByteRange.Resolve(rangeHeader[0], length);
        }

        switch (range.Kind)
        {
            case ByteRangeKind.Unsatisfiable:
                headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{length}");
                status = StatusCodes.Status416RangeNotSatisfiable;
                return range;
            case ByteRangeKind.Partial:
                headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.Offset}-{range.Offset + range.Count - 1}/{length}");
                status = StatusCodes.Status206PartialContent;
                break;
            default:
                status = StatusCodes.Status200OK;
                break;
        }

        response.ContentType = OctetStream;
        response.ContentLength = range.Count;
        return range;
    }

    private static bool IsNotModified(RequestHeaders headers, EntityTagHeaderValue? etag, DateTimeOffset? lastModified)
    {
        var ifNoneMatch = headers.IfNoneMatch;
        if (ifNoneMatch.Count != 0)
        {
            foreach (var candidate in ifNoneMatch)
            {
                if (candidate.Equals(EntityTagHeaderValue.Any) || (etag is not null && candidate.Compare(etag, useStrongComparison: false)))
                {
                    return true;
                }
            }

            return false;
        }

        return headers.IfModifiedSince is { } since && lastModified is { } modified && Truncate(modified) <= since;
    }

    private static bool IfRangeAllows(RequestHeaders headers, EntityTagHeaderValue? etag, DateTimeOffset? lastModified)
    {
        if (!headers.Headers.ContainsKey(HeaderNames.IfRange))
        {
            return true;
        }

        var condition = headers.IfRange;
        if (condition is null)
        {
            // Present but unparseable: it cannot match, so the whole representation is sent.
            return false;
        }

        if (condition.EntityTag is { } tag)
        {
            return etag is not null && tag.Compare(etag, useStrongComparison: true);
        }

        return condition.LastModified is { } date && lastModified is { } modified && Truncate(modified) == date;
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);

    private static EntityTagHeaderValue? ParseETag(string etag) => EntityTagHeaderValue.TryParse(etag, out var parsed) ? parsed : null;
}
