using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Publisher.Service.Tracker;

namespace Publisher.Interop.Tests.TrackerServer;

/// <summary>Our tracker alone (open mode) on a real Kestrel at 127.0.0.1 plus the UDP tracker, for reference clients.</summary>
internal sealed class TrackerServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TrackerServerHost(WebApplication app, Uri http, int udpPort)
    {
        _app = app;
        HttpAnnounce = new Uri(http, "/announce");
        UdpAnnounce = new Uri($"udp://127.0.0.1:{udpPort}/announce");
    }

    public Uri HttpAnnounce { get; }

    public Uri UdpAnnounce { get; }

    public ITrackerStatistics Statistics => _app.Services.GetRequiredService<ITrackerStatistics>();

    public DownloadTokenService Tokens => _app.Services.GetRequiredService<DownloadTokenService>();

    /// <summary>Starts in open mode, or in entitled mode when <paramref name="registry"/> is given.</summary>
    public static async Task<TrackerServerHost> StartAsync(CancellationToken cancellationToken, ITorrentRegistry? registry = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        int udpPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            udpPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:Tracker:Access"] = registry is null ? "open" : "entitled",
            ["Publisher:Tracker:TokenSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Publisher:Tracker:UdpPort"] = udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Publisher:Tracker:Interval"] = "00:01:00",
            ["Publisher:Tracker:IntervalJitter"] = "00:00:00",
            ["Publisher:Tracker:MinInterval"] = "00:00:10",
            ["Publisher:Tracker:PeerTimeout"] = "00:05:00",
        });
        if (registry is not null)
        {
            builder.Services.AddSingleton(registry);
        }

        builder.Services.AddPublisherTracker();
        var app = builder.Build();
        app.MapTracker();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TrackerServerHost(app, new Uri(address), udpPort);
    }

    /// <summary>Polls the swarm counters (every 100 ms) until <paramref name="condition"/> holds, or fails with the last counters.</summary>
    public async Task<SwarmStatistics> WaitForSwarmAsync(TrackerInfoHash infoHash, Func<SwarmStatistics, bool> condition, TimeSpan timeout, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        SwarmStatistics? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Statistics.GetSwarmAsync(infoHash, cancellationToken);
            if (last is { } swarm && condition(swarm))
            {
                return swarm;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Swarm {infoHash} did not reach the expected state within {timeout}; last: {last?.ToString() ?? "no swarm"}.\n{diagnostics()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
