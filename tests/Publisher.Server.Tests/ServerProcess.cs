using System.Globalization;
using Publisher.TestSupport;

namespace Publisher.Server.Tests;

/// <summary>Starts the built host (Publisher.Server.dll) as a real process on a free loopback port.</summary>
internal static class ServerProcess
{
    public static async Task<(ChildProcess Process, Uri Url)> StartAsync(string workingDirectory, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = LoopbackPort.GetFreeTcpPort();
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",

            // Test servers run in parallel and must not fight over the default UDP tracker port 6969.
            ["Publisher__Tracker__UdpPort"] = "0",

            // The service seeds its releases: on loopback and a free port in tests.
            ["Publisher__Seeding__ListenAddress"] = "127.0.0.1",
            ["Publisher__Seeding__Port"] = "0",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                environment[key] = value;
            }
        }

        var process = ChildProcess.Start("dotnet", [typeof(Program).Assembly.Location, "--urls", url.AbsoluteUri.TrimEnd('/')], workingDirectory, environment);
        try
        {
            await process.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return (process, url);
    }
}
