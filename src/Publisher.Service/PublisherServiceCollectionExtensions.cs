using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service;
using Publisher.Service.Catalog;
using Publisher.Service.Health;
using Publisher.Service.Hosting;
using Publisher.Service.Metrics;
using Publisher.Service.Releases;
using Publisher.Service.Savings;
using Publisher.Service.Security;
using Publisher.Service.Seeding;
using Publisher.Service.Signing;
using Publisher.Service.Tracker;
using Publisher.Storage;

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
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(IsValid, "Publisher:Storage is invalid: Kind must be Local or AzureBlob, and AzureBlob needs a ConnectionString.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => BlobStoreFactory.Create(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<PublisherPaths>().DataDirectory,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<ReleasePublisher>();
        services.TryAddSingleton<ReleaseIndex>();
        services.TryAddSingleton<SavingsRecorder>();
        services.TryAddSingleton<AnnouncedBytesCollector>();
        services.AddMetrics();
        services.TryAddSingleton<PublisherMetrics>();
        services.TryAddSingleton<PrometheusExporter>();
        services.AddHostedService<PublisherStartup>();
        services.AddHostedService<ReleaseIndexRefresher>();
        services.AddHostedService<UploadStagingSweeper>();
        services.AddHostedService<SavingsFlushService>();
        services.AddHostedService<RevocationPurgeService>();

        // The service seeds its own releases from the local blob store (Publisher:Seeding).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PublisherOptions>, SeedingOptionsValidator>());
        services.TryAddSingleton<SeedingMetrics>();
        services.TryAddSingleton<ReleaseSeeder>();
        services.AddHostedService(provider => provider.GetRequiredService<ReleaseSeeder>());

        services.AddProblemDetails();

        // Kestrel's transport with 128 KiB receive blocks instead of 4 KiB: uploads of releases take a thirtieth of
        // the receive calls. Added, not TryAdded: it replaces the default Kestrel registered before us.
        services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, ReceiveBlockMemoryPoolFactory>();

        // Keep ASP.NET Core's data-protection keys with the rest of the service's state, not in the user profile.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<PublisherPaths, ILoggerFactory>((options, paths, loggers) =>
            options.XmlRepository ??= new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(paths.DataDirectory, "data-protection-keys")), loggers));
        services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationScheme, displayName: "Publisher API key", configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.PublishPolicy, policy => RequireScope(policy, ApiKeyScopeNames.Publish))
            .AddPolicy(ApiKeyDefaults.StatsPolicy, policy => RequireScope(policy, ApiKeyScopeNames.Stats))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, policy => RequireScope(policy, ApiKeyScopeNames.Admin));

        services.AddHealthChecks()
            .AddCheck<CatalogHealthCheck>("catalog", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<BlobStoreHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Publisher API";
            document.Info.Description = "Releases, feeds, keys and bandwidth savings of a Publisher service.";
            return Task.CompletedTask;
        }));

        // The tracker answers for the catalogue's releases (registered before the tracker's own TryAdd default).
        services.TryAddSingleton<ITorrentRegistry, CatalogTorrentRegistry>();
        services.TryAddSingleton<IDownloadTokenRevocationList, CatalogDownloadTokenRevocationList>();
        services.AddPublisherTracker();

        // The BEP 19 web seed over the blob store (registers IBlobStore from Publisher:Storage if nothing did).
        services.AddPublisherWebSeed();
        return services;
    }

    private static bool IsValid(StorageOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void RequireScope(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy, string scope)
    {
        policy.AddAuthenticationSchemes(ApiKeyDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyDefaults.ScopeClaimType, scope, ApiKeyScopeNames.Admin);
    }
}
