using System.Diagnostics;
using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;

namespace Publisher.Benchmarks.Tracker;

/// <summary>Managed bytes per peer of the in-memory swarm store holding 1,000,000 peers over 10,000 torrents (target <= 100).</summary>
internal sealed class TrackerMemoryBenchmark : IBenchmark
{
    private const int PeersPerTorrent = 100;

    public string Name => "tracker-memory";

    public string Description => "bytes per peer of the in-memory swarm store with 1M peers over 10k torrents (target <= 100)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var hashes = BenchmarkTorrents.Create();
        var keys = new TrackerInfoHash[hashes.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            keys[i] = TrackerInfoHash.FromBytes(hashes[i]);
        }

        var selection = new PeerSelection(50);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new MemorySwarmStore(Options.Create(new TrackerOptions()), TimeProvider.System);
        var stopwatch = Stopwatch.StartNew();
        for (var p = 0; p < PeersPerTorrent; p++)
        {
            for (var t = 0; t < keys.Length; t++)
            {
                selection.Reset(50, PeerFamilies.Both);
                var endpoint = PeerEndpoint.FromIPv4(0x0A000000u + (uint)(p * 251) + (uint)t, (ushort)(1024 + p));
                await store.AnnounceAsync(keys[t], new PeerAnnounce(endpoint, (uint)p, 0, 0, 1000, AnnounceEvent.Started), selection, cancellationToken);
            }
        }

        var elapsed = stopwatch.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var peers = (await store.GetTotalsAsync(cancellationToken)).Peers;
        Console.WriteLine($"peers: {peers}, torrents: {keys.Length}");
        Console.WriteLine($"managed heap growth: {(after - before) / 1048576.0:F1} MiB = {(after - before) / (double)peers:F1} bytes per peer (target <= 100)");
        Console.WriteLine($"store announces (in-process, single thread, 50 peers selected each): {peers / elapsed.TotalSeconds:F0}/s");
        GC.KeepAlive(store);
        return 0;
    }
}
