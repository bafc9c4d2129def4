using System.Diagnostics;
using System.Globalization;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Benchmarks.Creation;

/// <summary>
/// Torrent creation speed on one file in the page cache (1 MiB pieces, 2 threads): ours (v1, hybrid)
/// against mktorrent -t 2, transmission-create and libtorrent (v1, hybrid), in the same run. Prints wall-clock
/// MB/s (10^6 bytes) and MB per CPU-second (steadier on a shared machine), and the ratios of both.
/// Options: <c>--size MiB</c> (default 1024), <c>--repeat N</c> (best of N, default 2).
/// </summary>
internal sealed class CreateBenchmark : IBenchmark
{
    private const int PieceLength = 1 << 20;
    private const int Threads = 2;

    public string Name => "create";

    public string Description => "torrent creation MB/s on a cached file: ours v1/hybrid vs mktorrent, transmission-create, libtorrent";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sizeMiB = IntOption(args, "--size", 1024);
        var repeat = IntOption(args, "--repeat", 2);
        var directory = Path.Combine(Path.GetTempPath(), "publisher-bench-create");
        Directory.CreateDirectory(directory);
        var file = await PrepareFileAsync(directory, sizeMiB, cancellationToken);
        var bytes = new FileInfo(file).Length;
        var output = Path.Combine(directory, "out.torrent");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"create: {bytes / 1e6:0} MB file, {PieceLength >> 10} KiB pieces, {Threads} threads, best of {repeat}"));

        var results = new List<(string Name, double MBps, double MBperCpuSecond)>();
        Console.WriteLine($"  {"tool",-24} {"MB/s",8}  {"MB per CPU-s",12}  (best wall s, its CPU s)");
        async Task Measure(string name, Func<Task<Sample?>> run)
        {
            Sample? best = null;
            for (var i = 0; i < repeat; i++)
            {
                var sample = await run();
                if (sample is null)
                {
                    Console.WriteLine($"  {name,-24} skipped (tool not installed)");
                    return;
                }

                best = best is null || sample.Wall < best.Wall ? sample : best;
            }

            var mbps = bytes / 1e6 / best!.Wall.TotalSeconds;
            var perCpu = bytes / 1e6 / best.CpuSeconds;
            results.Add((name, mbps, perCpu));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} {mbps,8:0}  {perCpu,12:0}  ({best.Wall.TotalSeconds:0.000} s, {best.CpuSeconds:0.000} s)"));
        }

        await Measure("publisher v1", () => Ours(file, TorrentFormat.V1, cancellationToken));
        await Measure("publisher hybrid", () => Ours(file, TorrentFormat.Hybrid, cancellationToken));
        await Measure("mktorrent -t 2 (v1)", () => External("mktorrent", ["-l", "20", "-t", Threads.ToString(CultureInfo.InvariantCulture), "-o", output, file], output, cancellationToken));
        await Measure("transmission-create (v1)", () => External("transmission-create", ["-s", (PieceLength >> 10).ToString(CultureInfo.InvariantCulture), "-o", output, file], output, cancellationToken));
        await Measure("libtorrent v1", () => Libtorrent(file, "v1", cancellationToken));
        await Measure("libtorrent hybrid", () => Libtorrent(file, "hybrid", cancellationToken));

        (double Wall, double Cpu) Get(string name)
        {
            var found = results.Find(r => r.Name == name);
            return (found.MBps, found.MBperCpuSecond);
        }

        void PrintRatio(string label, string ours, string theirs)
        {
            var (oursWall, oursCpu) = Get(ours);
            var (theirsWall, theirsCpu) = Get(theirs);
            Console.WriteLine($"ratio {label,-34} wall {Ratio(oursWall, theirsWall)}   per CPU-second {Ratio(oursCpu, theirsCpu)}");
        }

        PrintRatio("publisher v1 / mktorrent v1:", "publisher v1", "mktorrent -t 2 (v1)");
        PrintRatio("publisher v1 / libtorrent v1:", "publisher v1", "libtorrent v1");
        PrintRatio("publisher hybrid / libtorrent hybrid:", "publisher hybrid", "libtorrent hybrid");
        return 0;
    }

    private static string Ratio(double ours, double theirs) =>
        theirs > 0 && ours > 0 ? (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static async Task<Sample?> Ours(string file, TorrentFormat format, CancellationToken cancellationToken)
    {
        var options = new TorrentBuilderOptions { Format = format, PieceLength = PieceLength, Threads = Threads };
        var cpu = CpuClock.Self();
        var watch = Stopwatch.StartNew();
        await TorrentBuilder.CreateAsync(file, options, null, cancellationToken);
        return new Sample(watch.Elapsed, CpuClock.Self() - cpu);
    }

    private static async Task<Sample?> External(string program, string[] arguments, string output, CancellationToken cancellationToken)
    {
        var path = ExternalTool.Find(program);
        if (path is null)
        {
            return null;
        }

        File.Delete(output);
        var cpu = CpuClock.Children();
        var watch = Stopwatch.StartNew();
        var result = await ChildProcess.RunAsync(path, arguments, TimeSpan.FromMinutes(5), cancellationToken);
        var elapsed = watch.Elapsed;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {result.Output}");
        }

        return new Sample(elapsed, CpuClock.Children() - cpu);
    }

    private static async Task<Sample?> Libtorrent(string file, string format, CancellationToken cancellationToken)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            return null;
        }

        // Times set_piece_hashes inside Python (libtorrent's own default hashing threads), so interpreter
        // start-up is not counted against libtorrent.
        const string script = """
            import sys, time, os
            import libtorrent as lt
            path, fmt = sys.argv[1], sys.argv[2]
            fs = lt.file_storage()
            lt.add_files(fs, path)
            flags = lt.create_torrent.v1_only if fmt == "v1" else 0
            ct = lt.create_torrent(fs, 1 << 20, flags=flags)
            start, cpu = time.perf_counter(), time.process_time()
            lt.set_piece_hashes(ct, os.path.dirname(path))
            ct.generate()
            print("elapsed", time.perf_counter() - start, time.process_time() - cpu)
            """;
        var result = await ChildProcess.RunAsync(python, ["-c", script, file, format], TimeSpan.FromMinutes(5), cancellationToken);
        if (result.ExitCode != 0)
        {
            if (result.Output.Contains("No module named 'libtorrent'", StringComparison.Ordinal))
            {
                return null;
            }

            throw new InvalidOperationException($"libtorrent failed: {result.Output}");
        }

        foreach (var line in result.Output.Split('\n'))
        {
            if (line.StartsWith("elapsed ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return new Sample(
                    TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)),
                    double.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"libtorrent printed no timing: {result.Output}");
    }

    private static async Task<string> PrepareFileAsync(string directory, int sizeMiB, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, $"payload-{sizeMiB}M.bin");
        var length = (long)sizeMiB << 20;
        if (!File.Exists(path) || new FileInfo(path).Length != length)
        {
            Console.WriteLine($"create: writing {path}");
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
        await using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0))
        {
            while (await reader.ReadAsync(warm, cancellationToken) > 0)
            {
            }
        }

        return path;
    }

    private sealed record Sample(TimeSpan Wall, double CpuSeconds);

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
