using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Publisher.TestSupport;

namespace Publisher.Interop.Tests.EndToEnd;

/// <summary>
/// The whole service as a host runs it (AddPublisherService/MapPublisher, rate limiter on) in a real Kestrel on
/// 127.0.0.1:0 with a temp data directory, a configured admin key, the tracker open to registered releases and
/// UDP off, and the service's own seed on 127.0.0.1 (an ephemeral port); the public URL is the bound address.
/// </summary>
internal sealed class EndToEndHost : IAsyncDisposable
{
    public const string AdminKey = "end-to-end-admin-key-0123456789";

    private readonly WebApplication _app;

    private EndToEndHost(WebApplication app, TempDirectory directory, Uri baseAddress, ErrorLogCollector errors)
    {
        _app = app;
        Errors = errors;
        Directory = directory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public TempDirectory Directory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Errors and warnings with exceptions the service logged (none in a good run).</summary>
    public ErrorLogCollector Errors { get; }

    public static async Task<EndToEndHost> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = new TempDirectory("publisher-end-to-end");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.Path, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:DataDirectory"] = directory.Combine("data"),
            ["Publisher:BootstrapApiKey"] = AdminKey,
            ["Publisher:Tracker:Access"] = "registered",
            ["Publisher:Tracker:UdpPort"] = "0",
            ["Publisher:WebSeed:PermitsPerSecond"] = "100000",
            ["Publisher:WebSeed:BurstPermits"] = "100000",
            ["Publisher:Seeding:ListenAddress"] = "127.0.0.1",
            ["Publisher:Seeding:Port"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var errors = new ErrorLogCollector();
        builder.Logging.ClearProviders().AddSimpleConsole().AddProvider(errors).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPublisherService();
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPublisher();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            directory.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EndToEndHost(app, directory, new Uri(address.TrimEnd('/') + "/"), errors);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}
