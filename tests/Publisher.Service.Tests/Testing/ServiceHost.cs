using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Testing;

/// <summary>
/// The service library in a real Kestrel on 127.0.0.1:0 with a temp data directory and a configured admin key,
/// logs captured. What a host does with AddPublisherService/MapPublisher, without the Server project.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedDirectory;

    private ServiceHost(WebApplication app, TestLoggerProvider logs, HttpClient client, string dataDirectory, TempDirectory? ownedDirectory)
    {
        _app = app;
        Logs = logs;
        Client = client;
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
    }

    public TestLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ServiceHost> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        var owned = dataDirectory is null ? new TempDirectory("publisher-service") : null;
        dataDirectory ??= owned!.Combine("data");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetDirectoryName(dataDirectory), EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:DataDirectory"] = dataDirectory,
            ["Publisher:BootstrapApiKey"] = AdminKey,
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
        builder.Services.AddPublisherService();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapPublisher();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            owned?.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new ServiceHost(app, logs, client, dataDirectory, owned);
    }

    /// <summary>A request carrying <paramref name="key"/> as a bearer token.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ownedDirectory?.Dispose();
    }
}
