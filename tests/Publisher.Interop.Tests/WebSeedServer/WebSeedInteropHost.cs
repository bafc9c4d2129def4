using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;
using Publisher.Service.Releases;
using Publisher.Service.WebSeeds;
using Publisher.Storage;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.WebSeedServer;

/// <summary>
/// The service with its web seed (no tracker mapped: the torrents' announce URL answers 404, so the only source is
/// the url-list) in a real Kestrel on 127.0.0.1, and a temp folder with payload sources and client download folders.
/// </summary>
internal sealed class WebSeedInteropHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _bytesByMode = new(StringComparer.Ordinal);

    private WebSeedInteropHost(WebApplication app, TempDirectory directory, Uri baseAddress)
    {
        _app = app;
        Directory = directory;
        BaseAddress = baseAddress;

        // Payload bytes this host's web seed counted, by mode (stream, redirect, and pad: the zero-filled .pad/N
        // paths clients that are not pad-aware ask for).
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WebSeedMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "publisher.webseed.origin_bytes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "mode" && tag.Value is string mode)
                {
                    _bytesByMode.AddOrUpdate(mode, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The bootstrap API key (every scope).</summary>
    public const string AdminKey = "interop-admin-key-0123456789";

    public long PadBytes => BytesSent("pad");

    public IServiceProvider Services => _app.Services;

    public TempDirectory Directory { get; }

    public Uri BaseAddress { get; }

    /// <summary>Payload bytes the web seed counted for <paramref name="mode"/> (<c>stream</c>, <c>redirect</c>, <c>pad</c>).</summary>
    public long BytesSent(string mode) => _bytesByMode.GetValueOrDefault(mode);

    /// <summary>Starts the service; <paramref name="settings"/> add to or override the defaults (e.g. an Azure blob store).</summary>
    public static async Task<WebSeedInteropHost> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = new TempDirectory("publisher-webseed-interop");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.Path, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:DataDirectory"] = directory.Combine("data"),
            ["Publisher:BootstrapApiKey"] = AdminKey,
            ["Publisher:Tracker:UdpPort"] = "0",
            ["Publisher:Seeding:ListenAddress"] = "127.0.0.1",
            ["Publisher:Seeding:Port"] = "0",
            ["Publisher:WebSeed:PermitsPerSecond"] = "100000",
            ["Publisher:WebSeed:BurstPermits"] = "100000",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPublisherService();
        builder.Services.AddPublisherWebSeed();
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPublisher();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebSeedInteropHost(app, directory, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Publishes the torrent, uploads its payload from <paramref name="sourceRoot"/>, and writes the published .torrent (with our url-list).</summary>
    public async Task<string> PublishAsync(InteropTorrent torrent, string sourceRoot, string version, CancellationToken cancellationToken)
    {
        var result = await _app.Services.GetRequiredService<ReleasePublisher>().PublishAsync(
            new PublishRequest("interop", null, version, null, ReleaseAccess.Public, torrent.Torrent), BaseAddress, cancellationToken);
        Assert.Equal(PublishStatus.Created, result.Status);
        var release = result.Release!;
        var hash = ServiceUrls.TrackerInfoHash(release);
        var blobs = _app.Services.GetRequiredService<IBlobStore>();
        foreach (var path in torrent.Paths)
        {
            await using var stream = File.OpenRead(Path.Combine(sourceRoot, path));
            await blobs.PutAsync(ReleaseBlobKeys.ForFile(hash, path), stream, null, cancellationToken);
        }

        var published = await _app.Services.GetRequiredService<ICatalogRepository>().GetTorrentAsync(release.Id, cancellationToken);
        var file = Directory.Combine($"{release.Id}.torrent");
        await File.WriteAllBytesAsync(file, published!, cancellationToken);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}
