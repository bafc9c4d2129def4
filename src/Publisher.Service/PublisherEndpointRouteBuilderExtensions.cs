using Microsoft.AspNetCore.Routing;
using Publisher.Service;
using Publisher.Service.Dashboard;
using Publisher.Service.Feeds;
using Publisher.Service.Health;
using Publisher.Service.Metrics;
using Publisher.Service.Releases;
using Publisher.Service.Savings;
using Publisher.Service.Security;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Publisher service's endpoints (see DESIGN.md's endpoint list).</summary>
public static class PublisherEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every area: <c>/health</c>, <c>/api/keys</c>, <c>/api/releases</c>, <c>/feeds</c>, <c>/api/telemetry</c>,
    /// <c>/api/stats</c>, <c>/metrics</c>, the dashboard at <c>/</c>, the tracker (<c>/announce</c>, <c>/scrape</c>) and
    /// the OpenAPI document at <c>/openapi/v1.json</c>. Requires <c>services.AddPublisherService()</c>.
    /// </summary>
    public static PublisherConventionBuilder MapPublisher(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var builders = new List<IEndpointConventionBuilder>
        {
            endpoints.MapHealth(),
            endpoints.MapApiKeys(),
            endpoints.MapReleases(),
            endpoints.MapDownloadTokens(),
            endpoints.MapFeeds(),
            endpoints.MapSavings(),
            endpoints.MapMetrics(),
            endpoints.MapDashboard(),
            endpoints.MapOpenApi(),
        };

        builders.Add(endpoints.MapTracker());

        builders.Add(endpoints.MapWebSeed());
        return new PublisherConventionBuilder(builders);
    }
}
