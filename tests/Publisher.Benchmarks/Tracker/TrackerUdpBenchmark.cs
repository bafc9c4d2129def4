using System.Globalization;
using System.Net;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.Tracker;

/// <summary>UDP (BEP 15) announces per second from our load generator: our tracker vs opentracker. Target ratio >= 0.8.</summary>
internal sealed class TrackerUdpBenchmark : IBenchmark
{
    private const int Workers = 8;
    private const int MaxAnnounces = 2_000_000;

    public string Name => "tracker-udp";

    public string Description => "UDP announces/s and p99 from our load generator: our tracker vs opentracker (target ratio >= 0.8)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10);
        var hashes = BenchmarkTorrents.Create();

        UdpLoadResult ours;
        var udpPort = FreeUdpPort();
        await using (await OurTrackerHost.StartAsync(LoopbackPort.GetFreeTcpPort(), udpPort, cancellationToken))
        {
            ours = UdpAnnounceLoad.Run(new IPEndPoint(IPAddress.Loopback, udpPort), hashes, Workers, duration, MaxAnnounces);
        }

        UdpLoadResult reference;
        await using (var opentracker = await OpenTrackerProcess.StartAsync(hashes, cancellationToken))
        {
            if (opentracker is null)
            {
                return 1;
            }

            reference = UdpAnnounceLoad.Run(new IPEndPoint(IPAddress.Loopback, opentracker.Port), hashes, Workers, duration, MaxAnnounces);
        }

        Console.WriteLine($"load: {Workers} closed-loop workers, {duration.TotalSeconds:F0} s or {MaxAnnounces} announces, random info hash of {BenchmarkTorrents.Count}");
        Print("ours", ours);
        Print("opentracker", reference);
        if (ours.Announces == 0 || reference.Announces == 0)
        {
            Console.Error.WriteLine("a tracker answered no announce: no ratio");
            return 1;
        }

        Console.WriteLine($"ratio ours/opentracker: {ours.AnnouncesPerSecond / reference.AnnouncesPerSecond:F2} (target >= 0.8)");
        return 0;
    }

    private static void Print(string name, UdpLoadResult result)
        => Console.WriteLine($"{name,-11} {result.AnnouncesPerSecond,10:F0} announces/s   p99 {result.P99Milliseconds,7:F2} ms   ({result.Announces} ok, {result.Errors} errors, {result.Lost} lost)");

    private static int FreeUdpPort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
