using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Publisher.Benchmarks.Creation;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.Publish;

/// <summary>
/// <c>publisher publish</c> of a directory (4 files, page-cached) to the service running on loopback in this
/// process, against <c>publisher create</c> (hybrid) on the same data; both run as the built Release CLI.
/// Publishes twice: with the files written into the service's staging folder in the hashing pass (the default for
/// a service on the same host), then uploaded over loopback HTTP (<c>--no-local</c>). Prints the wall times and
/// publish speed / create speed (issue 6 target: >= 0.9 at 4 GiB), the load average, the CPU seconds of each side
/// (CLI child; the in-process service) and the CLI's phase timings. On a loaded machine the
/// wall ratio flatters publish (it runs more threads, so it gets a larger share of the CPU): quote the CPU ratio too.
/// Options: <c>--size GiB</c> (default 1), <c>--repeat N</c> (rounds of create + both publishes, 1 to 10, default 1;
/// each round's ratio is same-run, and the median is printed).
/// </summary>
internal sealed class PublishBenchmark : IBenchmark
{
    private const string AdminKey = "publish-benchmark-admin-key-0123456789";
    private const int Files = 4;

    public string Name => "publish";

    public string Description => "publisher publish to a local service vs publisher create on the same directory (speed ratio)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sizeGiB = 1;
        var index = Array.IndexOf(args, "--size");
        if (index >= 0 && index + 1 < args.Length)
        {
            sizeGiB = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
        }

        var rounds = 1;
        index = Array.IndexOf(args, "--repeat");
        if (index >= 0 && index + 1 < args.Length)
        {
            rounds = Math.Clamp(int.Parse(args[index + 1], CultureInfo.InvariantCulture), 1, 10);
        }

        var cli = await FindCliAsync(cancellationToken);
        using var work = new TempDirectory("publisher-bench-publish");
        var payload = work.Combine("payload");
        var bytes = (long)sizeGiB << 30;
        for (var i = 0; i < Files; i++)
        {
            work.WriteRandomFile($"payload/part{i}.bin", bytes / Files, i + 1);
        }

        await using var app = await StartServiceAsync(work.Combine("data"), cancellationToken);
        try
        {
            return await MeasureAsync(app, cli, work, payload, bytes, rounds, cancellationToken);
        }
        finally
        {
            // Stop before dispose so the service's background services end normally.
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<int> MeasureAsync(WebApplication app, string cli, TempDirectory work, string payload, long bytes, int rounds, CancellationToken cancellationToken)
    {
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"publish: {bytes / 1e9:0.00} GB in {Files} files, service at {url}"));

        // Warm the page cache and the CLI's first start so neither side pays for it, and the service's upload path
        // (a long-running service has its code compiled; a fresh one spends a second in the JIT on the first upload).
        await RunCliAsync(cli, ["create", payload, "-o", work.Combine("warm.torrent")], cancellationToken);
        work.WriteRandomFile("warm/part.bin", 16 << 20, 99);
        await RunCliAsync(cli, ["publish", work.Combine("warm"), "--server", url, "--api-key", AdminKey, "--name", "warm", "--version", "1.0.0"], cancellationToken);
        // Each round: create, then both ways the files can reach a service on the same host: written into its
        // staging folder in the hashing pass (the default when the service offers it), and uploaded over loopback
        // HTTP (--no-local). Each publish renames the folder first (the torrent's name changes, so its info hash
        // does; the page cache keeps the data): a service refuses the same torrent twice.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the start, {rounds} round(s)"));
        var ratios = new Dictionary<string, List<double>> { ["local"] = [], ["upload"] = [] };
        var published = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var createCpu = CpuClock.Children();
            var (create, _) = await RunCliAsync(cli, ["create", payload, "-o", work.Combine("bench.torrent")], cancellationToken);
            createCpu = CpuClock.Children() - createCpu;
            var createMBps = bytes / 1e6 / create.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: publisher create (hybrid)  {create.TotalSeconds,6:0.00} s  {createMBps,7:0} MB/s  CPU {createCpu:0.00} s"));
            await PublishAsync("local", [], createMBps, createCpu);
            await PublishAsync("upload", ["--no-local"], createMBps, createCpu);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end"));
        foreach (var (transport, list) in ratios)
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  publish ({transport}) / create, median of {list.Count}: {list[list.Count / 2]:0.00} (min {list[0]:0.00}, max {list[^1]:0.00}; target >= 0.90 at 4 GiB)"));
        }

        return 0;

        async Task PublishAsync(string transport, string[] extra, double createMBps, double createCpu)
        {
            var renamed = $"{work.Combine("payload")}-{++published}";
            Directory.Move(payload, renamed);
            payload = renamed;
            var cliCpu = CpuClock.Children();
            var serverCpu = CpuClock.Self();
            var version = string.Create(CultureInfo.InvariantCulture, $"1.0.{published}");
            var (publish, output) = await RunCliAsync(cli, ["publish", payload, "--server", url, "--api-key", AdminKey, "--name", "bench", "--version", version, "--json", .. extra], cancellationToken);
            cliCpu = CpuClock.Children() - cliCpu;
            serverCpu = CpuClock.Self() - serverCpu;
            var used = SummaryOf(output, "transport");
            if (used != transport)
            {
                throw new InvalidOperationException($"publish was to use transport '{transport}' but used '{used}'");
            }

            var publishMBps = bytes / 1e6 / publish.TotalSeconds;
            ratios[transport].Add(publishMBps / createMBps);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"           publisher publish ({transport,-6})  {publish.TotalSeconds,6:0.00} s  {publishMBps,7:0} MB/s  CPU {cliCpu:0.00} s (CLI) + {serverCpu:0.00} s (service)  ratio {publishMBps / createMBps:0.00}  CPU ratio create/publish {createCpu / (cliCpu + serverCpu):0.00}  phases {SummaryOf(output, "phases")}"));
        }
    }

    private static async Task<WebApplication> StartServiceAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publisher:DataDirectory"] = dataDirectory,
            ["Publisher:BootstrapApiKey"] = AdminKey,
            ["Publisher:Tracker:UdpPort"] = "0",
            // Measure publishing alone: the service would otherwise re-check each client-hashed release to seed it.
            ["Publisher:Seeding:Enabled"] = "false",
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.Services.AddPublisherService();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRateLimiter();
        app.MapPublisher();
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>A property of the CLI's --json summary line (e.g. <c>transport</c>, <c>phases</c>) as JSON text.</summary>
    private static string SummaryOf(string output, string property)
    {
        foreach (var line in output.Split('\n'))
        {
            if (line.TrimStart().StartsWith('{'))
            {
                using var document = System.Text.Json.JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty(property, out var value))
                {
                    return value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.ToString();
                }
            }
        }

        return "(not reported)";
    }

    private static async Task<(TimeSpan Elapsed, string Output)> RunCliAsync(string cli, string[] arguments, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var result = await ChildProcess.RunAsync("dotnet", [cli, .. arguments], TimeSpan.FromMinutes(30), cancellationToken);
        watch.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"publisher {arguments[0]} exited {result.ExitCode}: {result.Output}");
        }

        return (watch.Elapsed, result.Output);
    }

    /// <summary>The Release build of the CLI next to this repository's sources, built if missing.</summary>
    private static async Task<string> FindCliAsync(CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Publisher.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Run the benchmark from the repository: Publisher.sln was not found above " + AppContext.BaseDirectory);
        }

        var project = Path.Combine(directory.FullName, "src", "Publisher.Cli");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "Publisher.Cli.dll");
        var build = await ChildProcess.RunAsync("dotnet", ["build", project, "-c", "Release", "-v", "quiet", "-nologo"], TimeSpan.FromMinutes(10), cancellationToken);
        if (build.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"could not build {project}: {build.Output}");
        }

        return dll;
    }
}
