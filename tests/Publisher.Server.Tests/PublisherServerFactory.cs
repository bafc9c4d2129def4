using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Publisher.Server.Tests;

/// <summary>The real host (Program.cs, appsettings.json) in memory, on a given data directory, logs captured.</summary>
public sealed class PublisherServerFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public TestLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            // UDP port 0: test hosts run in parallel and must not fight over the default 6969.
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Publisher:DataDirectory"] = dataDirectory, ["Publisher:Tracker:UdpPort"] = "0", ["Publisher:Seeding:ListenAddress"] = "127.0.0.1", ["Publisher:Seeding:Port"] = "0" });
            if (settings is not null)
            {
                configuration.AddInMemoryCollection(settings);
            }
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
