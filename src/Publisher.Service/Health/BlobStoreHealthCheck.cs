using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publisher.Storage;

namespace Publisher.Service.Health;

/// <summary>Readiness of the payload origin: a metadata round-trip to the blob store (local directory or Azure).</summary>
internal sealed class BlobStoreHealthCheck : IHealthCheck
{
    /// <summary>A key that is looked up, never written: its absence is the healthy answer.</summary>
    internal const string ProbeKey = "health/probe";

    private readonly IBlobStore _store;

    public BlobStoreHealthCheck(IBlobStore store)
    {
        _store = store;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _store.ExistsAsync(ProbeKey, cancellationToken);
            return HealthCheckResult.Healthy($"{_store.Kind} blob store reachable.");
        }
        catch (Exception exception) when (exception is BlobStoreException or IOException or UnauthorizedAccessException or HttpRequestException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The {_store.Kind} blob store cannot be reached.", exception);
        }
    }
}
