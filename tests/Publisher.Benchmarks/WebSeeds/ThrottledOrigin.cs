using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Publisher.Torrent.Engine;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.WebSeeds;

/// <summary>
/// A publisher's origin with a fixed uplink: a minimal HTTP/1.1 web seed on 127.0.0.1 serving the files below a
/// directory (GET with one byte range, keep-alive), whose bodies all draw from ONE token bucket, so the total upload
/// of the origin is capped whatever the number of connections. Counts the body bytes it sent.
/// </summary>
internal sealed class ThrottledOrigin : LoopbackTcpServer
{
    private const int ChunkLength = 16 * 1024;
    private readonly string _root;
    private readonly TokenBucket _uplink;
    private long _bytesServed;
    private int _requests;

    public ThrottledOrigin(string root, long bytesPerSecond)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        _uplink = new TokenBucket(bytesPerSecond, TimeProvider.System);
        // The bucket starts full (one second of burst): empty it, so the origin never beats its cap.
        _uplink.Consume((int)Math.Min(bytesPerSecond, int.MaxValue));
    }

    /// <summary>Body bytes sent so far (what the publisher pays for).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task ServeAsync(TcpClient client)
    {
        var buffer = new byte[ChunkLength];
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            while (!Stopping.IsCancellationRequested)
            {
                var requestLine = await reader.ReadLineAsync(Stopping);
                if (string.IsNullOrEmpty(requestLine))
                {
                    return;
                }

                string? range = null;
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(Stopping)))
                {
                    if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
                    {
                        range = line[6..].Trim();
                    }
                }

                Interlocked.Increment(ref _requests);
                var parts = requestLine.Split(' ');
                if (parts.Length < 2 || !await AnswerAsync(stream, parts[1], range, buffer))
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the origin stopped.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Answers one GET; false when the connection must end.</summary>
    private async Task<bool> AnswerAsync(NetworkStream stream, string target, string? range, byte[] buffer)
    {
        var path = Path.GetFullPath(Path.Combine(_root, Uri.UnescapeDataString(target.TrimStart('/'))));
        if (!path.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(path))
        {
            await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), Stopping);
            return true;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        var length = file.Length;
        long from = 0;
        var to = length - 1;
        if (range is not null && range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            var bounds = range["bytes=".Length..].Split('-');
            from = long.Parse(bounds[0], CultureInfo.InvariantCulture);
            to = bounds[1].Length == 0 ? length - 1 : Math.Min(long.Parse(bounds[1], CultureInfo.InvariantCulture), length - 1);
            if (from > to)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{length}\r\nContent-Length: 0\r\n\r\n"), Stopping);
                return true;
            }
        }

        var count = to - from + 1;
        var head = range is null
            ? $"HTTP/1.1 200 OK\r\nContent-Length: {count}\r\n\r\n"
            : $"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {from}-{to}/{length}\r\nContent-Length: {count}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Stopping);
        file.Position = from;
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, buffer.Length);
            await _uplink.WaitAsync(chunk, Stopping);
            var read = await file.ReadAsync(buffer.AsMemory(0, chunk), Stopping);
            if (read == 0)
            {
                return false;
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), Stopping);
            Interlocked.Add(ref _bytesServed, read);
            count -= read;
        }

        return true;
    }
}
