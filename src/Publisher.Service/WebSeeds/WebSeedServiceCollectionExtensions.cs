using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Hosting;
using Publisher.Service.Tracker;
using Publisher.Service.WebSeeds;
using Publisher.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the BEP 19 web seed.</summary>
public static class WebSeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <c>app.MapWebSeed()</c> needs: <see cref="WebSeedOptions"/> from <c>Publisher:WebSeed</c> (validated at
    /// start-up), the blob store from <c>Publisher:Storage</c> unless one is registered, the release cache, origin-byte
    /// accounting, the per-client rate-limit policy, and the download-token check for entitled releases (the tracker's
    /// tokens when <c>AddPublisherTracker()</c> is also called, in either order; without it entitled releases answer 403).
    /// Requires <c>services.AddPublisherService()</c>. Idempotent; services are added with TryAdd so a host can replace them first.
    /// </summary>
    public static IServiceCollection AddPublisherWebSeed(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(WebSeedMarker))
            {
                return services;
            }
        }

        services.AddSingleton<WebSeedMarker>();
        services.AddOptions<WebSeedOptions>().BindConfiguration(WebSeedOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebSeedOptions>, WebSeedOptionsValidator>());

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBlobStore>(provider => BlobStoreFactory.Create(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<PublisherPaths>().DataDirectory,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>()));

        services.AddMetrics();
        services.TryAddSingleton<WebSeedMetrics>();
        services.TryAddSingleton<WebSeedReleaseCache>();
        // The tracker's download tokens when AddPublisherTracker() registered them; otherwise entitled releases stay closed.
        services.TryAddSingleton<IWebSeedTokenValidator>(provider =>
            provider.GetService<DownloadTokenService>() is { } tokens && provider.GetService<IDownloadTokenRevocationList>() is { } revocations
                ? new TrackerTokenValidator(tokens, revocations)
                : new RejectingTokenValidator());
        services.TryAddSingleton<IOriginByteRecorder, SavingsOriginByteRecorder>();
        services.TryAddSingleton<WebSeedServer>();
        services.AddRateLimiter(options => options.AddPolicy<string, WebSeedRateLimiterPolicy>(WebSeedOptions.RateLimitPolicyName));
        return services;
    }
}
