using System.Diagnostics;
using System.Globalization;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Benchmarks.Engine;

/// <summary>
/// <c>swarm-1to1 [MiB]</c>: one seed, one leecher over loopback, the same payload (default 1 GiB, one file, v1),
/// timed three ways in one run: ours to ours (both <c>publisher</c> child processes), libtorrent to libtorrent, and
/// libtorrent to ours. Prints MB/s, the ratios to libtorrent's figure, and our downloader's peak RSS (VmHWM).
/// Needs <c>dotnet build -c Release src/Publisher.Cli</c> first and python3-libtorrent.
/// </summary>
internal sealed class SwarmBenchmark : IBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public string Name => "swarm-1to1";

    public string Description => "1 seed -> 1 leecher on loopback: ours->ours vs libtorrent->libtorrent vs libtorrent->ours (MB/s, ratios, downloader peak RSS)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var mib = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        var cli = SwarmTools.FindCli();
        var root = Path.Combine(Path.GetTempPath(), "publisher-swarm-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        try
        {
            var payload = Path.Combine(root, "seed", "payload.bin");
            SwarmTools.WriteRandom(payload, mib * 1024 * 1024);
            var created = await TorrentBuilder.CreateAsync(payload, new TorrentBuilderOptions { Format = TorrentFormat.V1 }, null, cancellationToken).ConfigureAwait(false);
            var torrent = Path.Combine(root, "payload.torrent");
            await File.WriteAllBytesAsync(torrent, created.Bytes.ToArray(), cancellationToken).ConfigureAwait(false);
            var script = Path.Combine(root, "lt_peer.py");
            await File.WriteAllTextAsync(script, LibtorrentScript.Text, cancellationToken).ConfigureAwait(false);
            var bytes = mib * 1024 * 1024;
            Console.WriteLine($"payload {mib} MiB, piece {created.Torrent.PieceLength / 1024} KiB, {created.Torrent.PieceCount} pieces");

            var ours = await TimeAsync("ours -> ours", root, bytes, cancellationToken,
                port => ["dotnet", cli, "seed", torrent, Path.Combine(root, "seed"), "--port", port],
                seedPort => ["dotnet", cli, "download", torrent, "-o", Path.Combine(root, "dl-ours"), "--port", "0", "--peer", "127.0.0.1:" + seedPort, "--json"]).ConfigureAwait(false);
            var lt = await TimeAsync("libtorrent -> libtorrent", root, bytes, cancellationToken,
                port => ["/usr/bin/python3", script, "seed", torrent, Path.Combine(root, "seed"), port],
                seedPort => ["/usr/bin/python3", script, "download", torrent, Path.Combine(root, "dl-lt"), "0", "127.0.0.1:" + seedPort]).ConfigureAwait(false);
            var mixed = await TimeAsync("libtorrent -> ours", root, bytes, cancellationToken,
                port => ["/usr/bin/python3", script, "seed", torrent, Path.Combine(root, "seed"), port],
                seedPort => ["dotnet", cli, "download", torrent, "-o", Path.Combine(root, "dl-mixed"), "--port", "0", "--peer", "127.0.0.1:" + seedPort, "--json"]).ConfigureAwait(false);
            Console.WriteLine($"ratio ours->ours / libtorrent->libtorrent: {ours.MBps / lt.MBps:0.00}");
            Console.WriteLine($"ratio libtorrent->ours / libtorrent->libtorrent: {mixed.MBps / lt.MBps:0.00}");
            Console.WriteLine($"our downloader peak RSS: {ours.PeakRssMiB:0} MiB (ours->ours), {mixed.PeakRssMiB:0} MiB (libtorrent->ours); libtorrent downloader {lt.PeakRssMiB:0} MiB");
            var peak = Math.Max(ours.PeakRssMiB, mixed.PeakRssMiB);
            Console.WriteLine($"issue 3 target, downloader peak RSS <= 100 MiB (at 4 GiB): {(peak <= 100 ? "met" : "MISSED")} ({peak:0} MiB at {mib} MiB); load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            return ours.Ok && lt.Ok && mixed.Ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(bool Ok, double MBps, double PeakRssMiB)> TimeAsync(string label, string root, long bytes, CancellationToken cancellationToken, Func<string, string[]> seedCommand, Func<string, string[]> leechCommand)
    {
        var port = SwarmTools.FreePort().ToString(CultureInfo.InvariantCulture);
        var seeding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var seed = SwarmTools.Start(seedCommand(port), line => { if (line.StartsWith("seeding", StringComparison.Ordinal)) { seeding.TrySetResult(); } });
        await seeding.Task.WaitAsync(Limit, cancellationToken).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        using var leech = SwarmTools.Start(leechCommand(port), static _ => { });
        long peak = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        while (!leech.HasExited && !timeout.IsCancellationRequested)
        {
            peak = Math.Max(peak, SwarmTools.PeakRss(leech.Id));
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        stopwatch.Stop();
        var ok = leech.HasExited && leech.ExitCode == 0;
        if (!leech.HasExited)
        {
            leech.Kill(entireProcessTree: true);
        }

        seed.Kill(entireProcessTree: true);
        await seed.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        var mbps = bytes / 1e6 / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{label,-26} {(ok ? "ok" : "FAILED"),-6} {stopwatch.Elapsed.TotalSeconds,7:0.00} s {mbps,8:0.0} MB/s  leecher peak RSS {peak / 1024.0 / 1024:0} MiB");
        return (ok, mbps, peak / 1024.0 / 1024);
    }
}
