using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Publisher.Service.Catalog;
using Publisher.Service.Hosting;
using Publisher.Service.Releases;

namespace Publisher.Service.Feeds;

/// <summary>
/// <c>GET /feeds/{channel}.rss</c> and <c>.atom</c> (optionally <c>?product=</c>): the newest releases of a channel,
/// with conditional GET (a strong ETag over the entries, Last-Modified at the newest publish or yank; 304 when
/// unchanged).
/// </summary>
internal static class FeedEndpoints
{
    /// <summary>How many releases a feed lists.</summary>
    public const int MaxEntries = 50;

    public static RouteGroupBuilder MapFeeds(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/feeds").WithTags("Feeds");
        group.MapGet("/{channel}.rss", (string channel, string? product, HttpContext context, ICatalogRepository catalog, PublicUrlProvider urls) =>
            WriteFeedAsync(FeedFormat.Rss, channel, product, context, catalog, urls))
            .WithName("GetRssFeed").WithSummary("RSS 2.0 feed of a channel's releases.").Produces(StatusCodes.Status200OK, contentType: RssFeedWriter.MediaType);
        group.MapGet("/{channel}.atom", (string channel, string? product, HttpContext context, ICatalogRepository catalog, PublicUrlProvider urls) =>
            WriteFeedAsync(FeedFormat.Atom, channel, product, context, catalog, urls))
            .WithName("GetAtomFeed").WithSummary("Atom 1.0 feed of a channel's releases.").Produces(StatusCodes.Status200OK, contentType: AtomFeedWriter.MediaType);
        return group;
    }

    internal static async Task<IResult> WriteFeedAsync(FeedFormat format, string channel, string? product, HttpContext context, ICatalogRepository catalog, PublicUrlProvider urls)
    {
        if (!ReleaseNames.IsValidChannel(channel) || (product is not null && !ReleaseNames.IsValidProduct(product)))
        {
            return TypedResults.NotFound();
        }

        var cancellationToken = context.RequestAborted;
        var recent = await catalog.ListReleasesAsync(new ReleaseQuery(product, channel, IncludeYanked: true, Limit: ReleaseQuery.MaxLimit), cancellationToken);
        DateTimeOffset? updated = null;
        var entries = new List<ReleaseRecord>(Math.Min(recent.Count, MaxEntries));
        foreach (var release in recent)
        {
            var changed = release.YankedAt is { } yanked && yanked > release.PublishedAt ? yanked : release.PublishedAt;
            updated = updated is null || changed > updated ? changed : updated;
            if (!release.IsYanked && entries.Count < MaxEntries)
            {
                entries.Add(release);
            }
        }

        var baseUrl = urls.GetBaseUrl(context);
        var extension = format == FeedFormat.Rss ? "rss" : "atom";
        var self = new Uri(baseUrl, $"feeds/{channel}.{extension}" + (product is null ? string.Empty : "?product=" + product));
        var etag = new EntityTagHeaderValue(ComputeETag(format, self, entries));
        var lastModified = updated is { } time ? DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds()) : (DateTimeOffset?)null;

        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(1) };
        if (IsNotModified(context.Request, etag, lastModified))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var feed = new FeedContext(channel, product, baseUrl, self, updated, entries);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false }))
        {
            if (format == FeedFormat.Rss)
            {
                RssFeedWriter.Write(writer, feed);
            }
            else
            {
                AtomFeedWriter.Write(writer, feed);
            }
        }

        var mediaType = (format == FeedFormat.Rss ? RssFeedWriter.MediaType : AtomFeedWriter.MediaType) + "; charset=utf-8";
        return TypedResults.Bytes(buffer.ToArray(), mediaType);
    }

    /// <summary>RFC 9110 section 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since.</summary>
    private static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset? lastModified)
    {
        var headers = request.GetTypedHeaders();
        var ifNoneMatch = headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var candidate in ifNoneMatch)
            {
                if (candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false))
                {
                    return true;
                }
            }

            return false;
        }

        return lastModified is { } modified && headers.IfModifiedSince is { } since && modified <= since;
    }

    private static string ComputeETag(FeedFormat format, Uri self, IReadOnlyList<ReleaseRecord> entries)
    {
        var text = new StringBuilder().Append(format).Append('|').Append(self.AbsoluteUri);
        foreach (var release in entries)
        {
            text.Append('|').Append(release.Id);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"";
    }
}
