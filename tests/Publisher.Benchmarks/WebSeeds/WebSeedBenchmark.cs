using System.Diagnostics;
using System.Globalization;
using Publisher.Benchmarks.Creation;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.WebSeeds;

namespace Publisher.Benchmarks.WebSeeds;

/// <summary>
/// Web-seed-only download of one file served by nginx on loopback, in the same run: ours (WebSeedDownloader, defaults:
/// its default connections and run size, every piece SHA-1 verified and written in place) against <c>curl -o</c> of the same URL
/// and aria2c downloading the same .torrent (url-list, no peers). Prints MB/s (10^6 bytes), CPU seconds, and the
/// ratios ours/curl (target >= 0.9) and ours/aria2 (target >= 1.0). Each contender runs <c>--repeat</c> times (default
/// 2; the best counts: the first run of ours pays for JIT compilation), after a <c>sync</c> so nobody is throttled by
/// the previous one's dirty pages. Options: <c>--size MiB</c> (default 1024), <c>--repeat N</c>,
/// <c>--tools curl,ours,aria2</c> (default all three; one alone is for profiling, ratios need the others), and for
/// tuning ours <c>--connections N</c> and <c>--request-kib K</c> (default: <see cref="WebSeedOptions"/>' defaults).
/// </summary>
internal sealed class WebSeedBenchmark : IBenchmark
{
    private const int PieceLength = 1 << 20;
    private const string FileName = "payload.bin";

    public string Name => "webseed";

    public string Description => "web-seed-only download from nginx on loopback: ours vs curl -o vs aria2c (same .torrent)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var index = Array.IndexOf(args, "--size");
        var sizeMiB = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 1024;
        var repeatIndex = Array.IndexOf(args, "--repeat");
        var repeat = repeatIndex >= 0 && repeatIndex + 1 < args.Length ? int.Parse(args[repeatIndex + 1], CultureInfo.InvariantCulture) : 2;
        var toolsIndex = Array.IndexOf(args, "--tools");
        var tools = toolsIndex >= 0 && toolsIndex + 1 < args.Length ? args[toolsIndex + 1].Split(',') : ["curl", "ours", "aria2"];
        var options = new WebSeedOptions();
        var connectionsIndex = Array.IndexOf(args, "--connections");
        if (connectionsIndex >= 0 && connectionsIndex + 1 < args.Length)
        {
            options = options with { ConnectionsPerSeed = int.Parse(args[connectionsIndex + 1], CultureInfo.InvariantCulture) };
        }

        var requestIndex = Array.IndexOf(args, "--request-kib");
        if (requestIndex >= 0 && requestIndex + 1 < args.Length)
        {
            options = options with { MaxRequestBytes = int.Parse(args[requestIndex + 1], CultureInfo.InvariantCulture) * 1024 };
        }

        var work = Path.Combine(Path.GetTempPath(), "publisher-bench-webseed");
        var served = Path.Combine(work, "served");
        Directory.CreateDirectory(served);
        var payload = Path.Combine(served, FileName);
        var length = (long)sizeMiB << 20;
        await PreparePayloadAsync(payload, length, cancellationToken);

        await using var nginx = await BenchmarkNginx.StartAsync(served, cancellationToken);
        if (nginx is null)
        {
            Console.WriteLine("webseed: nginx is not installed (apt-get install nginx-light)");
            return 1;
        }

        var created = await TorrentBuilder.CreateAsync(payload, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = PieceLength, WebSeeds = [nginx.BaseUrl], Threads = 2 }, null, cancellationToken);
        var torrentPath = Path.Combine(work, "payload.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), cancellationToken);
        var url = nginx.BaseUrl + FileName;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webseed: {length / 1e6:0} MB file, {PieceLength >> 10} KiB pieces, nginx on {nginx.BaseUrl}, {Environment.ProcessorCount} cores (shared, loaded machine: compare ratios); ours: {options.ConnectionsPerSeed} connections, runs of up to {options.MaxRequestBytes >> 10} KiB"));
        Console.WriteLine($"  {"tool",-34} {"MB/s",8} {"wall s",8} {"CPU s",8}");

        var aria2Dir = Path.Combine(work, "aria2");
        double curl = 0, ours = 0, aria2 = 0;
        for (var i = 0; i < repeat; i++)
        {
            if (tools.Contains("curl"))
            {
                // Every contender starts with its previous output gone (untimed): truncating 1 GiB on open is not download work.
                DeleteQuietly(Path.Combine(work, "curl.bin"));
                await SyncAsync(cancellationToken);
                curl = Math.Max(curl, await MeasureExternalAsync("curl -o", "curl", ["-s", "-f", "-o", Path.Combine(work, "curl.bin"), url], work, length, cancellationToken));
            }

            if (tools.Contains("ours"))
            {
                DeleteQuietly(Path.Combine(work, "ours"));
                await SyncAsync(cancellationToken);
                ours = Math.Max(ours, await MeasureOursAsync(created, work, length, options, cancellationToken));
            }

            if (!tools.Contains("aria2"))
            {
                continue;
            }

            DeleteQuietly(aria2Dir);
            await SyncAsync(cancellationToken);
            var port = LoopbackPort.GetFreeTcpPort().ToString(CultureInfo.InvariantCulture);
            aria2 = Math.Max(aria2, await MeasureExternalAsync("aria2c (web seed, no peers)", "aria2c",
                ["--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--seed-time=0",
                 "--follow-torrent=mem", "--file-allocation=none", "--check-integrity=false", "--summary-interval=0", "--console-log-level=warn",
                 "--interface=127.0.0.1", $"--listen-port={port}", "--max-connection-per-server=4", "--split=4", $"--dir={aria2Dir}", torrentPath],
                work, length, cancellationToken));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best of {repeat}: curl {curl:0} MB/s, ours {ours:0} MB/s, aria2 {aria2:0} MB/s"));

        Console.WriteLine($"ratio ours / curl:  {Ratio(ours, curl)}  (target >= 0.9)");
        Console.WriteLine($"ratio ours / aria2: {Ratio(ours, aria2)}  (target >= 1.0)");
        DeleteQuietly(Path.Combine(work, "curl.bin"));
        DeleteQuietly(Path.Combine(work, "ours"));
        DeleteQuietly(aria2Dir);
        return 0;
    }

    private static async Task<double> MeasureOursAsync(CreatedTorrent created, string work, long length, WebSeedOptions options, CancellationToken cancellationToken)
    {
        var target = Path.Combine(work, "ours");
        DeleteQuietly(target);
        Directory.CreateDirectory(target);
        using var downloader = new WebSeedDownloader(options);
        var cpu = CpuClock.Self();
        var watch = Stopwatch.StartNew();
        var result = await downloader.DownloadAsync(created.Torrent, target, null, null, cancellationToken);
        watch.Stop();
        cpu = CpuClock.Self() - cpu;
        if (!result.Completed)
        {
            Console.WriteLine($"  publisher WebSeedDownloader failed: {result.Error}");
            return 0;
        }

        return Print("publisher WebSeedDownloader", length, watch.Elapsed, cpu);
    }

    private static async Task<double> MeasureExternalAsync(string name, string program, string[] arguments, string work, long length, CancellationToken cancellationToken)
    {
        var path = ExternalTool.Find(program);
        if (path is null)
        {
            Console.WriteLine($"  {name,-34} skipped ({program} not installed)");
            return 0;
        }

        var cpu = CpuClock.Children();
        var watch = Stopwatch.StartNew();
        var result = await ChildProcess.RunAsync(path, arguments, TimeSpan.FromMinutes(10), cancellationToken, work);
        watch.Stop();
        cpu = CpuClock.Children() - cpu;
        if (result.ExitCode != 0)
        {
            Console.WriteLine($"  {name,-34} failed ({result.ExitCode}): {result.Output}");
            return 0;
        }

        return Print(name, length, watch.Elapsed, cpu);
    }

    private static async Task SyncAsync(CancellationToken cancellationToken)
    {
        if (ExternalTool.Find("sync") is { } sync)
        {
            await ChildProcess.RunAsync(sync, [], TimeSpan.FromMinutes(2), cancellationToken);
        }
    }

    private static double Print(string name, long length, TimeSpan wall, double cpu)
    {
        var mbps = length / 1e6 / wall.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {mbps,8:0} {wall.TotalSeconds,8:0.00} {cpu,8:0.00}"));
        return mbps;
    }

    private static string Ratio(double ours, double theirs) =>
        ours > 0 && theirs > 0 ? (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static async Task PreparePayloadAsync(string path, long length, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length != length)
        {
            Console.WriteLine($"webseed: writing {path}");
            var buffer = new byte[4 << 20];
            var random = new Random(42);
            await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
            for (long written = 0; written < length; written += buffer.Length)
            {
                random.NextBytes(buffer);
                await stream.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - written)), cancellationToken);
            }
        }

        // Warm the page cache so every contender reads from memory.
        var warm = new byte[4 << 20];
        await using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
        while (await reader.ReadAsync(warm, cancellationToken) > 0)
        {
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Left for the next run to overwrite.
        }
    }
}
