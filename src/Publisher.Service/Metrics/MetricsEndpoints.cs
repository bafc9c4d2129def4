using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Publisher.Service.Metrics;

/// <summary><c>GET /metrics</c>: the Prometheus text exposition of the service's instruments.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Render(), PrometheusExporter.ContentType))
            .WithName("GetMetrics").WithSummary("Prometheus text exposition (0.0.4) of the service's metrics.").ExcludeFromDescription();
}
