using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;
using Publisher.Service.Tracker.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the BitTorrent tracker (HTTP endpoints via <c>MapTracker()</c>, UDP as a hosted service).</summary>
public static class TrackerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tracker: options from <c>Publisher:Tracker</c> (validated at start), the swarm store (in memory, or Redis
    /// when <c>Publisher:Swarm:Provider</c> is <c>Redis</c>, at <c>ConnectionStrings:Redis</c>),
    /// <see cref="ITrackerStatistics"/>, <see cref="DownloadTokenService"/>, the UDP tracker and the expiry sweep.
    /// Register your own <see cref="ITorrentRegistry"/> and <see cref="IDownloadTokenRevocationList"/> (before or after:
    /// defaults are added with TryAdd). Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddPublisherTracker(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TrackerOptions>().BindConfiguration(TrackerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackerOptions>, TrackerOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITorrentRegistry, EmptyTorrentRegistry>();
        services.TryAddSingleton<InMemoryDownloadTokenRevocationList>();
        services.TryAddSingleton<IDownloadTokenRevocationList>(sp => sp.GetRequiredService<InMemoryDownloadTokenRevocationList>());
        services.TryAddSingleton(sp => DownloadTokenServiceFactory.Create(
            sp.GetRequiredService<IOptions<TrackerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Publisher.Service.Tracker.DownloadTokenService")));
        services.AddOptions<RedisSwarmOptions>().BindConfiguration(RedisSwarmOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisSwarmOptions>, RedisSwarmOptionsValidator>());
        services.TryAddSingleton<MemorySwarmStore>();
        services.TryAddSingleton<RedisSwarmStore>();
        services.TryAddSingleton<ISwarmStore>(sp =>
            string.Equals(sp.GetRequiredService<IOptions<RedisSwarmOptions>>().Value.Provider, "Redis", StringComparison.OrdinalIgnoreCase)
                ? sp.GetRequiredService<RedisSwarmStore>()
                : sp.GetRequiredService<MemorySwarmStore>());
        services.TryAddSingleton<ITrackerStatistics>(sp => sp.GetRequiredService<ISwarmStore>());
        services.TryAddSingleton<TrackerMetrics>();
        services.TryAddSingleton<TrackerCore>();
        services.TryAddSingleton<ClientAddressResolver>();
        services.TryAddSingleton<TrackerHttpHandler>();
        services.TryAddSingleton<UdpConnectionIds>();
        services.TryAddSingleton<UdpRequestHandler>();
        services.TryAddSingleton<UdpTrackerService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UdpTrackerService>(sp => sp.GetRequiredService<UdpTrackerService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SwarmSweepService>());
        return services;
    }
}
