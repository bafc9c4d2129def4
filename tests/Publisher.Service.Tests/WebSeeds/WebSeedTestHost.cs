using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;
using Publisher.Service.Releases;
using Publisher.Service.Tests.Testing;
using Publisher.Service.WebSeeds;
using Publisher.Storage;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>
/// The service with the web seed in a real Kestrel on 127.0.0.1:0 and a temp data directory, composed as a host does:
/// AddPublisherService + AddPublisherWebSeed, UseRateLimiter, MapPublisher + MapWebSeed.
/// </summary>
internal sealed class WebSeedTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _directory;

    private WebSeedTestHost(WebApplication app, TempDirectory directory, TestLoggerProvider logs, HttpClient client)
    {
        _app = app;
        _directory = directory;
        Logs = logs;
        Client = client;
    }

    public TestLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public IServiceProvider Services => _app.Services;

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public static async Task<WebSeedTestHost> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var directory = new TempDirectory("publisher-webseed");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.Path, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:DataDirectory"] = directory.Combine("data"),
            ["Publisher:BootstrapApiKey"] = ServiceHost.AdminKey,
            ["Publisher:WebSeed:ReleaseCacheLifetime"] = "00:00:00",
            // Parallel hosts (and any tracker on this machine) must not fight over the default UDP port 6969.
            ["Publisher:Tracker:UdpPort"] = "0",
            ["Publisher:Seeding:ListenAddress"] = "127.0.0.1",
            ["Publisher:Seeding:Port"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var logs = new TestLoggerProvider();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        configure?.Invoke(builder.Services);
        builder.Services.AddPublisherService();
        builder.Services.AddPublisherWebSeed();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRateLimiter();
        app.MapPublisher();
        if (!MapsWebSeed(app))
        {
            // MapPublisher() maps the web seed once the composition wires it in; before that, map it here.
            app.MapWebSeed();
        }
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new WebSeedTestHost(app, directory, logs, client);
    }

    /// <summary>Publishes <paramref name="torrent"/> and uploads its payload under <see cref="ReleaseBlobKeys"/>.</summary>
    public async Task<ReleaseRecord> PublishAsync(WebSeedTestTorrent torrent, string version, ReleaseAccess access = ReleaseAccess.Public, bool upload = true)
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await Services.GetRequiredService<ReleasePublisher>().PublishAsync(
            new PublishRequest("app", null, version, null, access, torrent.Torrent), BaseAddress, ct);
        Assert.Equal(PublishStatus.Created, result.Status);
        if (upload)
        {
            foreach (var (path, content) in torrent.Files)
            {
                using var stream = new MemoryStream(content);
                await Blobs.PutAsync(ReleaseBlobKeys.ForFile(torrent.InfoHashHex, path), stream, null, ct);
            }
        }

        return result.Release!;
    }

    /// <summary>The web-seed URL of a file: the torrent's url-list entry plus each path component percent-encoded.</summary>
    public static string SeedPath(string infoHashHex, string path, string? token = null) =>
        $"seed/{infoHashHex}{(token is null ? string.Empty : "." + token)}/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static bool MapsWebSeed(IEndpointRouteBuilder endpoints) =>
        endpoints.DataSources.SelectMany(source => source.Endpoints)
            .Any(endpoint => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "WebSeed");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
