using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.WebSeeds;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the BEP 19 web seed.</summary>
public static class WebSeedEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET|HEAD /seed/{release}/{**path}</c> with the <see cref="WebSeedOptions.RateLimitPolicyName"/> rate-limit
    /// policy (effective when the host calls <c>app.UseRateLimiter()</c>). Requires <c>services.AddPublisherWebSeed()</c>.
    /// </summary>
    /// <returns>A builder for conventions (auth, CORS, another rate-limit policy) on the web-seed endpoint.</returns>
    public static IEndpointConventionBuilder MapWebSeed(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapMethods("/seed/{release}/{**path}", [HttpMethods.Get, HttpMethods.Head], static (HttpContext context) =>
                context.RequestServices.GetRequiredService<WebSeedServer>().HandleAsync(context))
            .WithName("WebSeed")
            .WithTags("Web seed")
            .WithSummary("BEP 19 web seed: the release's files by torrent path, with byte ranges and validators.")
            .ExcludeFromDescription()
            .RequireRateLimiting(WebSeedOptions.RateLimitPolicyName);
    }
}
