using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Publisher.Cli.Tests.Engine;

/// <summary>
/// A plain web seed for CLI tests: Kestrel on 127.0.0.1 (port 0) serving the files below a directory with byte ranges,
/// counting requests. Stopped on dispose.
/// </summary>
internal sealed class StaticWebSeed : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private StaticWebSeed(WebApplication app) => _app = app;

    /// <summary>The URL of the served directory, with a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<StaticWebSeed> StartAsync(string root, CancellationToken cancellationToken)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StaticWebSeed(app);
        app.MapGet("/{**path}", (string path) =>
        {
            Interlocked.Increment(ref server._requests);
            var file = Path.GetFullPath(Path.Combine(full, path));
            return file.StartsWith(full, StringComparison.Ordinal) && File.Exists(file)
                ? Results.File(file, "application/octet-stream", enableRangeProcessing: true)
                : Results.NotFound();
        });
        await app.StartAsync(cancellationToken);
        server.BaseUrl = app.Urls.First().TrimEnd('/') + "/";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
