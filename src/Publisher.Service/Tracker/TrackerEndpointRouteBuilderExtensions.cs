using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Tracker;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the HTTP tracker endpoints.</summary>
public static class TrackerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /announce</c>, <c>GET /announce/{token}</c> and <c>GET /scrape</c> (BEP 3, 7, 23, 48; bencoded
    /// answers). Returns a convention builder for all three, so hosts can add rate limiting or host filters.
    /// Requires <c>services.AddPublisherTracker()</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapTracker(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = endpoints.ServiceProvider.GetService<TrackerHttpHandler>()
            ?? throw new InvalidOperationException("MapTracker() needs services.AddPublisherTracker() first.");
        var group = endpoints.MapGroup(string.Empty);
        group.MapGet("/announce", (RequestDelegate)handler.AnnounceAsync).WithDisplayName("Tracker announce");
        group.MapGet("/announce/{token}", (RequestDelegate)handler.AnnounceWithTokenAsync).WithDisplayName("Tracker announce with token");
        group.MapGet("/scrape", (RequestDelegate)handler.ScrapeAsync).WithDisplayName("Tracker scrape");
        return group;
    }
}
