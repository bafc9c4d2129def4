using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Publisher.Service.Catalog;
using Publisher.Service.Savings;

namespace Publisher.Service.Dashboard;

/// <summary>
/// <c>GET /</c>: the savings dashboard (last <c>days</c> days, default 30). Anonymous like the feeds; a host that
/// wants it private adds an authorization convention to what <c>MapPublisher()</c> returns or maps it itself.
/// </summary>
internal static class DashboardEndpoints
{
    public static IEndpointConventionBuilder MapDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/", RenderAsync).WithName("Dashboard").ExcludeFromDescription();

    internal static async Task<IResult> RenderAsync(
        HttpContext context, ICatalogRepository catalog, SavingsRecorder recorder, TimeProvider time, CancellationToken cancellationToken, int days = 30)
    {
        days = Math.Clamp(days, 1, SavingsEndpoints.MaxStatsDays);
        var stats = await SavingsEndpoints.BuildStatsAsync(catalog, recorder, time, days, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return TypedResults.Content(DashboardPage.Render(stats, days), "text/html; charset=utf-8");
    }
}
