using System.Diagnostics;
using System.Globalization;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Benchmarks.Engine;

/// <summary>
/// <c>swarm-capped [MiB] [leechers] [seed KiB/s] [peer KiB/s] [ours|libtorrent|both]</c>: one seed and N leechers on
/// loopback (default 160 MiB, 8 leechers, seed 8192 KiB/s, leechers 4096 KiB/s upload), every peer capped on upload.
/// The leechers start first and know each other (leecher i dials leechers 0..i-1); the clock starts when the seed,
/// started last and dialling every leecher, says it is seeding, and stops when the last leecher has the whole file
/// (leechers keep seeding meanwhile). Prints the time against the lower bound max(F/u_s, N*F/(u_s + N*u_p)), ours
/// (<c>publisher seed</c>/<c>publisher download --seed</c> child processes) beside libtorrent on the same swarm.
/// Needs <c>dotnet build -c Release src/Publisher.Cli</c> first and python3-libtorrent.
/// </summary>
internal sealed class CappedSwarmBenchmark : IBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public string Name => "swarm-capped";

    public string Description => "1 seed + 8 leechers with upload caps on loopback: time of the last leecher vs the lower bound, ours beside libtorrent";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var mib = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 160;
        var leechers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var seedKiB = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 8192;
        var peerKiB = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 4096;
        var which = args.Length > 4 ? args[4] : "both";
        var root = Path.Combine(Path.GetTempPath(), "publisher-capped-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        try
        {
            var bytes = (long)mib * 1024 * 1024;
            var payload = Path.Combine(root, "seed", "payload.bin");
            SwarmTools.WriteRandom(payload, bytes);
            var created = await TorrentBuilder.CreateAsync(payload, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = 256 * 1024 }, null, cancellationToken).ConfigureAwait(false);
            var torrent = Path.Combine(root, "payload.torrent");
            await File.WriteAllBytesAsync(torrent, created.Bytes.ToArray(), cancellationToken).ConfigureAwait(false);
            var script = Path.Combine(root, "lt_swarm.py");
            await File.WriteAllTextAsync(script, LibtorrentSwarmScript.Text, cancellationToken).ConfigureAwait(false);
            var seedRate = seedKiB * 1024.0;
            var peerRate = peerKiB * 1024.0;
            var bound = Math.Max(bytes / seedRate, leechers * bytes / (seedRate + (leechers * peerRate)));
            Console.WriteLine($"payload {mib} MiB ({created.Torrent.PieceCount} pieces of {created.Torrent.PieceLength / 1024} KiB), {leechers} leechers, upload caps seed {seedKiB} KiB/s, leechers {peerKiB} KiB/s");
            Console.WriteLine($"lower bound max(F/u_s, N*F/(u_s+N*u_p)) = {bound:0.00} s");

            var ok = true;
            double? ours = null;
            double? lt = null;
            if (which is "ours" or "both")
            {
                var cli = SwarmTools.FindCli();
                ours = await RunSwarmAsync("ours", root, leechers, cancellationToken,
                    (port, peers) => ["dotnet", cli, "seed", torrent, Path.Combine(root, "seed"), "--port", port, "--max-upload", seedKiB.ToString(CultureInfo.InvariantCulture), .. PeerArgs(peers)],
                    (i, port, peers) => ["dotnet", cli, "download", torrent, "-o", Path.Combine(root, "ours-" + i.ToString(CultureInfo.InvariantCulture)), "--port", port, "--max-upload", peerKiB.ToString(CultureInfo.InvariantCulture), "--seed", "--json", .. PeerArgs(peers)],
                    static line => line.Contains("\"event\":\"summary\"", StringComparison.Ordinal) && line.Contains("\"complete\":true", StringComparison.Ordinal)).ConfigureAwait(false);
                ok &= ours is not null;
            }

            if (which is "libtorrent" or "both")
            {
                lt = await RunSwarmAsync("libtorrent", root, leechers, cancellationToken,
                    (port, peers) => ["/usr/bin/python3", script, "seed", torrent, Path.Combine(root, "seed"), port, ((long)seedRate).ToString(CultureInfo.InvariantCulture), .. peers],
                    (i, port, peers) => ["/usr/bin/python3", script, "leech", torrent, Path.Combine(root, "lt-" + i.ToString(CultureInfo.InvariantCulture)), port, ((long)peerRate).ToString(CultureInfo.InvariantCulture), .. peers],
                    static line => line.StartsWith("seeding", StringComparison.Ordinal)).ConfigureAwait(false);
                ok &= lt is not null;
            }

            Console.WriteLine($"{"",-12} {"last done",10} {"x bound",8}");
            if (ours is { } o)
            {
                Console.WriteLine($"{"ours",-12} {o,8:0.00} s {o / bound,8:0.00}");
            }

            if (lt is { } l)
            {
                Console.WriteLine($"{"libtorrent",-12} {l,8:0.00} s {l / bound,8:0.00}");
            }

            if (ours is { } a && lt is { } b)
            {
                Console.WriteLine($"ratio libtorrent time / our time: {b / a:0.00}");
            }

            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A number field of one of our JSON progress or summary lines, if the line has it.</summary>
    private static long? Field(string line, string name)
    {
        var key = "\"" + name + "\":";
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = line.AsSpan(at + key.Length);
        var end = digits.IndexOfAnyExceptInRange('0', '9');
        return long.Parse(end < 0 ? digits : digits[..end], CultureInfo.InvariantCulture);
    }

    /// <summary>Prints the leechers' combined verified download rate every two seconds (our peers report progress).</summary>
    private static async Task SampleAsync(string label, long[] verified, CancellationToken cancellationToken)
    {
        var line = new System.Text.StringBuilder(label + " MB/s per 2 s:");
        long last = 0;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long sum = 0;
                for (var i = 0; i < verified.Length; i++)
                {
                    sum += Volatile.Read(ref verified[i]);
                }

                line.Append(CultureInfo.InvariantCulture, $" {(sum - last) / 2e6:0}");
                last = sum;
            }
        }
        catch (OperationCanceledException)
        {
            // The swarm is done.
        }

        if (last > 0)
        {
            Console.WriteLine(line.ToString());
        }
    }

    private static IEnumerable<string> PeerArgs(IEnumerable<string> peers)
    {
        foreach (var peer in peers)
        {
            yield return "--peer";
            yield return peer;
        }
    }

    /// <summary>Runs one swarm; returns seconds from the seed's start to the last leecher's completion, or null on failure.</summary>
    private static async Task<double?> RunSwarmAsync(
        string label,
        string root,
        int leechers,
        CancellationToken cancellationToken,
        Func<string, string[], string[]> seedCommand,
        Func<int, string, string[], string[]> leechCommand,
        Func<string, bool> isDone)
    {
        var ports = new string[leechers];
        var addresses = new string[leechers];
        for (var i = 0; i < leechers; i++)
        {
            ports[i] = SwarmTools.FreePort().ToString(CultureInfo.InvariantCulture);
            addresses[i] = "127.0.0.1:" + ports[i];
        }

        var processes = new List<Process>(leechers + 1);
        var up = new TaskCompletionSource[leechers];
        var done = new TaskCompletionSource<double>[leechers];
        var clock = new Stopwatch();
        var verified = new long[leechers];
        var uploaded = new long[leechers];
        using var sampling = new CancellationTokenSource();
        Task? sampler = null;
        try
        {
            for (var i = 0; i < leechers; i++)
            {
                var started = up[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var finished = done[i] = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
                var index = i;
                processes.Add(SwarmTools.Start(leechCommand(i, ports[i], addresses[..i]), line =>
                {
                    started.TrySetResult();
                    if (Field(line, "verifiedBytes") is { } bytes)
                    {
                        Volatile.Write(ref verified[index], bytes);
                    }

                    if (isDone(line))
                    {
                        Volatile.Write(ref uploaded[index], Field(line, "bytesUploaded") ?? 0);
                        finished.TrySetResult(clock.Elapsed.TotalSeconds);
                    }
                }));
            }

            await Task.WhenAll(Array.ConvertAll(up, static t => t.Task)).WaitAsync(Limit, cancellationToken).ConfigureAwait(false);
            var seeding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var seedPort = SwarmTools.FreePort().ToString(CultureInfo.InvariantCulture);
            processes.Add(SwarmTools.Start(seedCommand(seedPort, addresses), line =>
            {
                if (line.StartsWith("seeding", StringComparison.Ordinal))
                {
                    clock.Start();
                    seeding.TrySetResult();
                }
            }));
            await seeding.Task.WaitAsync(Limit, cancellationToken).ConfigureAwait(false);
            sampler = SampleAsync(label, verified, sampling.Token);
            var times = await Task.WhenAll(Array.ConvertAll(done, static t => t.Task)).WaitAsync(Limit, cancellationToken).ConfigureAwait(false);
            Array.Sort(times);
            if (Array.Exists(uploaded, static u => u > 0))
            {
                long total = 0;
                foreach (var u in uploaded)
                {
                    total += u;
                }

                Console.WriteLine($"{label,-12} uploaded by the leechers when each finished (MB): {string.Join(" ", Array.ConvertAll(uploaded, static u => (u / 1e6).ToString("0", CultureInfo.InvariantCulture)))}; sum {total / 1e6:0} MB");
            }

            Console.WriteLine($"{label,-12} leechers done at {string.Join(" ", Array.ConvertAll(times, static t => t.ToString("0.0", CultureInfo.InvariantCulture)))} s (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            return times[^1];
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"{label,-12} FAILED: not every leecher finished within {Limit.TotalMinutes:0} minutes");
            return null;
        }
        finally
        {
            await sampling.CancelAsync().ConfigureAwait(false);
            if (sampler is not null)
            {
                await sampler.ConfigureAwait(false);
            }

            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                process.Dispose();
            }

            foreach (var directory in Directory.GetDirectories(root, label == "ours" ? "ours-*" : "lt-*"))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
