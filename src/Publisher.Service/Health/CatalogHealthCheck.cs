using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publisher.Service.Catalog;

namespace Publisher.Service.Health;

/// <summary>Readiness of the catalogue: a query round-trip to the database.</summary>
internal sealed class CatalogHealthCheck : IHealthCheck
{
    private readonly ICatalogRepository _catalog;

    public CatalogHealthCheck(ICatalogRepository catalog)
    {
        _catalog = catalog;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _catalog.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The catalogue database cannot be reached.", exception);
        }
    }
}
