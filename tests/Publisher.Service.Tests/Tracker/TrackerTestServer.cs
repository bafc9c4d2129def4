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

namespace Publisher.Service.Tests.Tracker;

/// <summary>A real Kestrel on 127.0.0.1 and [::1] (port 0) running only AddPublisherTracker/MapTracker.</summary>
internal sealed class TrackerTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TrackerTestServer(WebApplication app, CapturingLoggerProvider logs, Uri ipv4, Uri? ipv6, IPEndPoint? udp)
    {
        _app = app;
        Logs = logs;
        BaseAddress = ipv4;
        IPv6BaseAddress = ipv6;
        UdpEndPoint = udp;
        Client = new HttpClient { BaseAddress = ipv4 };
    }

    public Uri BaseAddress { get; }

    /// <summary>Set when started with <c>ipv6: true</c>.</summary>
    public Uri? IPv6BaseAddress { get; }

    public IPEndPoint? UdpEndPoint { get; }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TrackerTestServer> StartAsync(
        CancellationToken cancellationToken,
        IDictionary<string, string?>? settings = null,
        ITorrentRegistry? registry = null,
        TimeProvider? timeProvider = null,
        bool udp = false,
        bool ipv6 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(ipv6 ? ["http://127.0.0.1:0", "http://[::1]:0"] : ["http://127.0.0.1:0"]);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var configuration = new Dictionary<string, string?>
        {
            ["Publisher:Tracker:Access"] = "open",
            ["Publisher:Tracker:UdpPort"] = udp ? FreeUdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            ["Publisher:Tracker:SweepInterval"] = "01:00:00",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                configuration[key] = value;
            }
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        if (registry is not null)
        {
            builder.Services.AddSingleton(registry);
        }

        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddPublisherTracker();
        var app = builder.Build();
        app.MapTracker();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Uri? ipv4 = null;
        Uri? ipv6Address = null;
        foreach (var address in addresses)
        {
            if (address.Contains("[::1]", StringComparison.Ordinal))
            {
                ipv6Address = new Uri(address);
            }
            else
            {
                ipv4 = new Uri(address);
            }
        }

        var udpEndPoint = app.Services.GetRequiredService<UdpTrackerService>().LocalEndPoint;
        return new TrackerTestServer(app, logs, ipv4!, ipv6Address, udpEndPoint);
    }

    public T GetService<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
