using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Publisher.Service;
using Publisher.Service.Catalog;
using Publisher.Service.Health;
using Publisher.Service.Hosting;
using Publisher.Service.Releases;
using Publisher.Service.Savings;
using Publisher.Service.Security;
using Publisher.Service.Signing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Publisher service (catalogue, API keys, signing key, health, OpenAPI).</summary>
public static class PublisherServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything <c>app.MapPublisher()</c> needs, configured from the <c>Publisher</c> section
    /// (validated at start-up). Idempotent; services are added with TryAdd so a host can replace them first.
    /// </summary>
    public static IServiceCollection AddPublisherService(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(PublisherServiceMarker))
            {
                return services;
            }
        }

        services.AddSingleton<PublisherServiceMarker>();

        services.AddOptions<PublisherOptions>().BindConfiguration(PublisherOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PublisherOptions>, PublisherOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PublisherOptions>, CatalogConnectionStringSetup>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PublisherPaths>();
        services.TryAddSingleton<PublicUrlProvider>();
        services.TryAddSingleton<ICatalogRepository>(provider =>
            CatalogFactory.Create(provider.GetRequiredService<IOptions<PublisherOptions>>(), provider.GetRequiredService<PublisherPaths>()));
        services.TryAddSingleton<SigningKeyStore>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<ReleasePublisher>();
        services.TryAddSingleton<ReleaseIndex>();
        services.TryAddSingleton<SavingsRecorder>();
        services.AddHostedService<PublisherStartup>();
        services.AddHostedService<ReleaseIndexRefresher>();
        services.AddHostedService<SavingsFlushService>();

        services.AddProblemDetails();
        services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationScheme, displayName: "Publisher API key", configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.PublishPolicy, policy => RequireScope(policy, ApiKeyScopeNames.Publish))
            .AddPolicy(ApiKeyDefaults.StatsPolicy, policy => RequireScope(policy, ApiKeyScopeNames.Stats))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, policy => RequireScope(policy, ApiKeyScopeNames.Admin));

        services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog", tags: [HealthEndpoints.ReadyTag]);
        services.AddOpenApi();

        // Other areas, wired in here as they land (one line each):
        // services.AddPublisherTracker();
        // services.AddPublisherWebSeed();
        return services;
    }

    private static void RequireScope(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy, string scope)
    {
        policy.AddAuthenticationSchemes(ApiKeyDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyDefaults.ScopeClaimType, scope, ApiKeyScopeNames.Admin);
    }
}
