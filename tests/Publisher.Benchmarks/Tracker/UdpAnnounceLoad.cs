using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Publisher.Benchmarks.Tracker;

/// <summary>
/// Our BEP 15 load generator: worker threads, each with its own socket, connect once (again every minute), then
/// announce random info hashes in a closed loop (one outstanding request each). Bounded by time and by count.
/// </summary>
internal static class UdpAnnounceLoad
{
    public static UdpLoadResult Run(IPEndPoint target, byte[][] hashes, int workers, TimeSpan duration, int maxAnnounces)
    {
        var perWorker = maxAnnounces / workers;
        var latencies = new int[workers][];
        var counts = new int[workers];
        var errors = new int[workers];
        var lost = new int[workers];
        var threads = new Thread[workers];
        var stopwatch = Stopwatch.StartNew();
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            latencies[worker] = new int[perWorker];
            threads[worker] = new Thread(() => Work(target, hashes, worker, duration, latencies[worker], ref counts[worker], ref errors[worker], ref lost[worker]))
            {
                IsBackground = true,
                Name = "udp-load-" + worker,
            };
            threads[worker].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var elapsed = stopwatch.Elapsed;
        var total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        var all = new int[total];
        var offset = 0;
        for (var w = 0; w < workers; w++)
        {
            Array.Copy(latencies[w], 0, all, offset, counts[w]);
            offset += counts[w];
        }

        Array.Sort(all);
        var p99 = total == 0 ? 0 : all[Math.Min(total - 1, (int)(total * 0.99))] / 1000.0;
        return new UdpLoadResult(total / elapsed.TotalSeconds, p99, total, Sum(errors), Sum(lost));
    }

    private static int Sum(int[] values)
    {
        var sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static void Work(IPEndPoint target, byte[][] hashes, int worker, TimeSpan duration, int[] latencies, ref int count, ref int errors, ref int lost)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        socket.ReceiveTimeout = 1000;
        var random = new Random(worker);
        var request = new byte[98];
        var response = new byte[2048];
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var reconnectAt = 0L;
        ulong connectionId = 0;
        uint transaction = (uint)worker << 24;
        while (count < latencies.Length)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                return;
            }

            if (now >= reconnectAt)
            {
                var connect = new byte[16];
                BinaryPrimitives.WriteUInt64BigEndian(connect, 0x41727101980);
                BinaryPrimitives.WriteUInt32BigEndian(connect.AsSpan(12), ++transaction);
                socket.Send(connect);
                if (!TryReceive(socket, response, transaction, out var length) || length < 16 || BinaryPrimitives.ReadUInt32BigEndian(response) != 0)
                {
                    lost++;
                    continue;
                }

                connectionId = BinaryPrimitives.ReadUInt64BigEndian(response.AsSpan(8));
                reconnectAt = now + (60 * Stopwatch.Frequency);
            }

            BinaryPrimitives.WriteUInt64BigEndian(request, connectionId);
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(8), 1);
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(12), ++transaction);
            hashes[random.Next(hashes.Length)].CopyTo(request, 16);
            random.NextBytes(request.AsSpan(36, 20));
            BinaryPrimitives.WriteInt64BigEndian(request.AsSpan(64), 1000);
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(88), (uint)random.Next());
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(92), -1);
            BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(96), (ushort)random.Next(1024, 65536));
            var started = Stopwatch.GetTimestamp();
            socket.Send(request);
            if (!TryReceive(socket, response, transaction, out var received))
            {
                lost++;
                continue;
            }

            if (received < 20 || BinaryPrimitives.ReadUInt32BigEndian(response) != 1)
            {
                errors++;
                continue;
            }

            latencies[count++] = (int)Math.Min(int.MaxValue, (Stopwatch.GetTimestamp() - started) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    private static bool TryReceive(Socket socket, byte[] buffer, uint transaction, out int length)
    {
        while (true)
        {
            try
            {
                length = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                length = 0;
                return false;
            }

            // A late answer to a request we gave up on: skip it.
            if (length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4)) == transaction)
            {
                return true;
            }
        }
    }
}
