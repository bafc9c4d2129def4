using System.Diagnostics;
using System.Globalization;
using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Benchmarks.WebSeeds;

/// <summary>
/// The publisher's case: one origin web seed with a capped uplink (<see cref="ThrottledOrigin"/>: one token bucket
/// for all its connections) and N of our clients (engines in this process, each with an upload cap, connected to each
/// other by address, default offload policy: peers first), all starting at once with nothing. Reports when the last
/// client finished against the lower bound max(F/u_origin, N*F/(u_origin + sum u_peers)) (issue 5: within 1.2x) and
/// the bytes the origin served against the payload (issue 5: at most 1.1x).
/// Run: <c>dotnet run -c Release --project tests/Publisher.Benchmarks -- webseed-swarm</c>
/// Options: <c>--mib 96</c> (payload), <c>--clients 8</c>, <c>--origin-mbps 4</c> and <c>--peer-mbps 5</c>
/// (upload caps, MB/s = 10^6 bytes/s), <c>--piece-kib 64</c>.
/// </summary>
internal sealed class WebSeedSwarmBenchmark : IBenchmark
{
    private const string FileName = "payload.bin";

    public string Name => "webseed-swarm";

    public string Description => "origin web seed (capped uplink) + 8 of our clients (capped uploads): time vs the bound, origin bytes vs the payload";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var mib = Option(args, "--mib", 96);
        var clients = (int)Option(args, "--clients", 8);
        var originRate = (long)(Option(args, "--origin-mbps", 4) * 1_000_000);
        var peerRate = (long)(Option(args, "--peer-mbps", 5) * 1_000_000);
        var pieceLength = (int)Option(args, "--piece-kib", 64) * 1024;
        var work = Path.Combine(Path.GetTempPath(), "publisher-bench-webseed-swarm");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var served = Path.Combine(work, "served");
        Directory.CreateDirectory(served);
        var payload = Path.Combine(served, FileName);
        WriteRandom(payload, (long)mib << 20);

        await using var origin = new ThrottledOrigin(served, originRate);
        var created = await TorrentBuilder.CreateAsync(payload, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = pieceLength, WebSeeds = [origin.BaseUrl], Threads = 2 }, null, cancellationToken);
        var torrent = created.Torrent;
        double size = torrent.TotalSize;
        var boundOrigin = size / originRate;
        var boundSwarm = clients * size / (originRate + (clients * (double)peerRate));
        var bound = Math.Max(boundOrigin, boundSwarm);
        Console.WriteLine(Invariant($"webseed-swarm: {size / 1e6:0.0} MB file, {pieceLength >> 10} KiB pieces ({torrent.PieceCount}), {clients} clients; origin uplink {originRate / 1e6:0.0} MB/s, client uploads {peerRate / 1e6:0.0} MB/s each; {Environment.ProcessorCount} cores, load {LoadAverage()}"));
        Console.WriteLine(Invariant($"  bound max(F/u_o = {boundOrigin:0.0} s, N*F/(u_o + sum u_p) = {boundSwarm:0.0} s) = {bound:0.0} s"));

        var engines = new List<TorrentEngine>(clients);
        try
        {
            for (var i = 0; i < clients; i++)
            {
                engines.Add(new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }));
            }

            var handles = new TorrentHandle[clients];
            var finished = new double[clients];
            var stopwatch = Stopwatch.StartNew();
            var waits = new List<Task>(clients);
            for (var i = 0; i < clients; i++)
            {
                // Client i dials the clients before it: one connection per pair, a full mesh.
                var peers = new List<IPEndPoint>(i);
                for (var j = 0; j < i; j++)
                {
                    peers.Add(new IPEndPoint(IPAddress.Loopback, engines[j].LocalEndPoint.Port));
                }

                var options = new TorrentOptions { MaxUploadBytesPerSecond = peerRate, InitialPeers = peers, UseTrackers = false };
                handles[i] = await engines[i].AddAsync(torrent, Path.Combine(work, "client" + i.ToString(CultureInfo.InvariantCulture)), options, cancellationToken);
                var index = i;
                waits.Add(WaitAsync(handles[i], () => finished[index] = stopwatch.Elapsed.TotalSeconds, cancellationToken));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(120, bound * 4)));
            var all = Task.WhenAll(waits);
            await Task.WhenAny(all, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
            var complete = all.IsCompletedSuccessfully;
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            long fromPeers = 0;
            long fromOrigin = 0;
            for (var i = 0; i < clients; i++)
            {
                var statistics = handles[i].Statistics;
                fromPeers += statistics.DownloadedFromPeers;
                fromOrigin += statistics.DownloadedFromWebSeeds;
                Console.WriteLine(Invariant($"  client {i}: {(finished[i] > 0 ? $"{finished[i],6:0.0} s" : "  not done")}, {statistics.DownloadedFromWebSeeds / 1e6,6:0.0} MB from the origin, {statistics.DownloadedFromPeers / 1e6,6:0.0} MB from peers, {statistics.UploadedToPeers / 1e6,6:0.0} MB uploaded"));
            }

            if (!complete)
            {
                Console.WriteLine(Invariant($"webseed-swarm: FAILED, not every client finished within {elapsed:0} s"));
                return 1;
            }

            var last = 0.0;
            foreach (var time in finished)
            {
                last = Math.Max(last, time);
            }

            var timeRatio = last / bound;
            var originRatio = origin.BytesServed / size;
            Console.WriteLine(Invariant($"  all {clients} done in {last:0.0} s = {timeRatio:0.00}x the bound (target <= 1.2: {(timeRatio <= 1.2 ? "met" : "MISSED")})"));
            Console.WriteLine(Invariant($"  origin served {origin.BytesServed / 1e6:0.0} MB in {origin.Requests} requests = {originRatio:0.00}x the payload (target <= 1.1: {(originRatio <= 1.1 ? "met" : "MISSED")}); clients counted {fromOrigin / 1e6:0.0} MB from the origin, {fromPeers / 1e6:0.0} MB from peers"));
            return 0;
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task WaitAsync(TorrentHandle handle, Action done, CancellationToken cancellationToken)
    {
        await handle.WaitForCompletionAsync(cancellationToken);
        done();
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static void WriteRandom(string path, long length)
    {
        var random = new Random(20261121);
        var buffer = new byte[1 << 20];
        using var file = File.Create(path);
        for (long written = 0; written < length; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
