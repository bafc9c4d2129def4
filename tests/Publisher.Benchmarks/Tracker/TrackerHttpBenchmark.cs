using System.Globalization;
using System.Text;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.Tracker;

/// <summary>
/// HTTP announces per second under wrk (2 threads, 64 keep-alive connections, 10 s, random info hashes over 10k
/// torrents, compact) against our tracker and against opentracker, in the same run. Target: ours/opentracker >= 1.0.
/// </summary>
internal sealed class TrackerHttpBenchmark : IBenchmark
{
    public string Name => "tracker-http";

    public string Description => "HTTP announces/s and p99 under wrk: our tracker vs opentracker (target ratio >= 1.0)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var wrk = ExternalTool.Find("wrk");
        if (wrk is null)
        {
            Console.Error.WriteLine("wrk not found: apt-get install wrk");
            return 1;
        }

        var hashes = BenchmarkTorrents.Create();
        using var directory = new TempDirectory("tracker-wrk");
        var script = directory.Combine("announce.lua");
        await File.WriteAllTextAsync(script, LuaScript(hashes), cancellationToken);

        WrkRun? ours;
        var httpPort = LoopbackPort.GetFreeTcpPort();
        await using (await OurTrackerHost.StartAsync(httpPort, 0, cancellationToken))
        {
            if (!await CheckAsync(httpPort, hashes[0], cancellationToken))
            {
                return 1;
            }

            ours = await WrkRun.RunAsync(wrk, script, new Uri($"http://127.0.0.1:{httpPort}/"), seconds, cancellationToken);
        }

        WrkRun? reference;
        await using (var opentracker = await OpenTrackerProcess.StartAsync(hashes, cancellationToken))
        {
            if (opentracker is null || !await CheckAsync(opentracker.Port, hashes[0], cancellationToken))
            {
                return 1;
            }

            reference = await WrkRun.RunAsync(wrk, script, new Uri($"http://127.0.0.1:{opentracker.Port}/"), seconds, cancellationToken);
        }

        if (ours is null || reference is null)
        {
            return 1;
        }

        Console.WriteLine($"command: wrk -t2 -c64 -d{seconds}s --latency -s announce.lua (random info hash of {BenchmarkTorrents.Count}, compact=1)");
        Console.WriteLine($"ours        {ours.RequestsPerSecond,10:F0} req/s   p99 {ours.P99Milliseconds,7:F2} ms");
        Console.WriteLine($"opentracker {reference.RequestsPerSecond,10:F0} req/s   p99 {reference.P99Milliseconds,7:F2} ms");
        Console.WriteLine($"ratio ours/opentracker: {ours.RequestsPerSecond / reference.RequestsPerSecond:F2} (target >= 1.0)");
        foreach (var (name, run) in new[] { ("ours", ours), ("opentracker", reference) })
        {
            if (run.Report.Contains("Non-2xx", StringComparison.Ordinal) || run.Report.Contains("Socket errors", StringComparison.Ordinal))
            {
                Console.WriteLine($"{name} wrk report:\n{run.Report}");
            }
        }

        return 0;
    }

    /// <summary>
    /// One announce must succeed (bencoded peers, no failure reason) before load is worth measuring; opentracker
    /// reads its whitelist in the background after it starts listening, so this retries for a few seconds.
    /// </summary>
    private static async Task<bool> CheckAsync(int port, byte[] hash, CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        var url = $"http://127.0.0.1:{port}/announce?info_hash={BenchmarkTorrents.PercentEncode(hash)}&peer_id=-WR0001-000000000001&port=6881&uploaded=0&downloaded=0&left=1000&compact=1";
        var body = string.Empty;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            body = Encoding.Latin1.GetString(await client.GetByteArrayAsync(new Uri(url), cancellationToken));
            if (body.Contains("5:peers", StringComparison.Ordinal) && !body.Contains("failure reason", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        Console.Error.WriteLine($"tracker on port {port} did not answer an announce: {body}");
        return false;
    }

    private static string LuaScript(byte[][] hashes)
    {
        var builder = new StringBuilder();
        builder.Append("local hashes = {\n");
        foreach (var hash in hashes)
        {
            builder.Append("\"").Append(BenchmarkTorrents.PercentEncode(hash)).Append("\",\n");
        }

        builder.Append("""
}
local count = #hashes
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local path = "/announce?info_hash=" .. hashes[math.random(count)]
    .. "&peer_id=-WR0001-" .. string.format("%06d%06d", math.random(0, 999999), math.random(0, 999999))
    .. "&port=" .. math.random(1024, 65535)
    .. "&uploaded=0&downloaded=0&left=1000&compact=1"
  return wrk.format("GET", path)
end
""");
        return builder.ToString();
    }
}
