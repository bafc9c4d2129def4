using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Publisher.Benchmarks.Tracker;

/// <summary>Our tracker as a production host would run it for the benchmark: Kestrel, open mode, no request logging.</summary>
internal sealed class OurTrackerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OurTrackerHost(WebApplication app)
    {
        _app = app;
    }

    public static async Task<OurTrackerHost> StartAsync(int httpPort, int udpPort, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, httpPort);
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:Tracker:Access"] = "open",
            ["Publisher:Tracker:UdpPort"] = udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddPublisherTracker();
        var app = builder.Build();
        app.MapTracker();
        await app.StartAsync(cancellationToken);
        return new OurTrackerHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
