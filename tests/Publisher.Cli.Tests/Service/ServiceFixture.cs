using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Publisher.TestSupport;

namespace Publisher.Cli.Tests.Service;

/// <summary>The real service in-process on 127.0.0.1:0 (as <c>publisher serve</c> builds it) with a temp data directory.</summary>
internal sealed class ServiceFixture : IAsyncDisposable
{
    public const string AdminKey = "cli-test-admin-key-0123456789";

    private readonly WebApplication _app;

    private ServiceFixture(WebApplication app, TempDirectory directory, string url)
    {
        _app = app;
        Directory = directory;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url) };
    }

    public TempDirectory Directory { get; }

    public string Url { get; }

    public HttpClient Client { get; }

    public static async Task<ServiceFixture> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var directory = new TempDirectory("publisher-cli-service");
        var settings = new Dictionary<string, string?>
        {
            ["Publisher:BootstrapApiKey"] = AdminKey,
            ["Publisher:Tracker:UdpPort"] = "0",
            ["Publisher:Seeding:ListenAddress"] = "127.0.0.1",
            ["Publisher:Seeding:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = ServeCommand.BuildHost("http://127.0.0.1:0", directory.Combine("data"), settings);
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

        return new ServiceFixture(app, directory, ServeCommand.Addresses(app).First());
    }

    public async Task<string> GetAsync(string path, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await Client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
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
