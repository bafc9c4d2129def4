using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Publisher.Cli;

/// <summary>
/// <c>publisher serve</c>: the Publisher service in this process, exactly as src/Publisher.Server hosts it
/// (AddPublisherService, exception handler, status pages, rate limiter, MapPublisher), on SQLite and a local
/// directory. Configuration as for the server (appsettings.json, PUBLISHER__* environment variables).
/// </summary>
internal static class ServeCommand
{
    /// <summary>Where the service listens when <c>--urls</c> is not given: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Build(CliContext context)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';'-separated.",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var data = new Option<string?>("--data") { Description = "The data directory: database, blobs, signing key (default: Publisher:DataDirectory, ./data)." };
        var command = new Command("serve", "Run the Publisher service (tracker, web seed, releases API, feeds, dashboard) in this process.") { urls, data };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = BuildHost(result.GetRequiredValue(urls), result.GetValue(data), settings: null);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            foreach (var address in Addresses(app))
            {
                await context.Output.WriteLineAsync($"listening on {address}").ConfigureAwait(false);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The service host, not started: what <c>serve</c> runs, also used by tests and the benchmark.</summary>
    internal static WebApplication BuildHost(string urls, string? dataDirectory, IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);
        if (dataDirectory is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Publisher:DataDirectory"] = Path.GetFullPath(dataDirectory) });
        }

        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddPublisherService();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The web seed's per-client limit is a rate-limiter policy: without this middleware it does nothing.
        app.UseRateLimiter();
        app.MapPublisher();
        return app;
    }

    /// <summary>The addresses a started host listens on (with the real port when 0 was asked).</summary>
    internal static IReadOnlyCollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
