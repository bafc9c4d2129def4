using Microsoft.AspNetCore.Routing;
using Publisher.Service;
using Publisher.Service.Feeds;
using Publisher.Service.Health;
using Publisher.Service.Releases;
using Publisher.Service.Savings;
using Publisher.Service.Security;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Publisher service's endpoints (see DESIGN.md's endpoint list).</summary>
public static class PublisherEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every area: <c>/health</c>, <c>/api/keys</c>, the OpenAPI document at <c>/openapi/v1.json</c>,
    /// and the other areas as they land. Requires <c>services.AddPublisherService()</c>.
    /// </summary>
    public static PublisherConventionBuilder MapPublisher(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var builders = new List<IEndpointConventionBuilder>
        {
            endpoints.MapHealth(),
            endpoints.MapApiKeys(),
            endpoints.MapReleases(),
            endpoints.MapFeeds(),
            endpoints.MapSavings(),
            endpoints.MapOpenApi(),
        };

        // Other areas, wired in here as they land (one line each):
        // builders.Add(endpoints.MapTracker());
        // builders.Add(endpoints.MapWebSeed());
        return new PublisherConventionBuilder(builders);
    }
}
