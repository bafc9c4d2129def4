using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Publisher.TestSupport;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>
/// A minimal HTTP/1.1 web seed on 127.0.0.1 (port 0) that serves a directory with single byte ranges and keep-alive,
/// or misbehaves as <see cref="SeedFault"/> says. Every connection is closed on dispose.
/// </summary>
internal sealed class LocalWebSeedServer : LoopbackTcpServer
{
    private readonly string _root;
    private readonly SeedFault _fault;
    private int _requests;

    public LocalWebSeedServer(string root, SeedFault fault)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        _fault = fault;
    }

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
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
                if (!await AnswerAsync(client, stream, requestLine.Split(' ')[1], range))
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server stopped.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Answers one request; false when the connection must end.</summary>
    private async Task<bool> AnswerAsync(TcpClient client, NetworkStream stream, string target, string? range)
    {
        switch (_fault)
        {
            case SeedFault.Unavailable:
                await WriteAsync(stream, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n", ReadOnlyMemory<byte>.Empty);
                return true;
            case SeedFault.Reset:
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                return false;
        }

        if (_fault == SeedFault.RedirectLoop)
        {
            await WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n", ReadOnlyMemory<byte>.Empty);
            return true;
        }

        if (_fault == SeedFault.Redirect)
        {
            if (!target.StartsWith("/moved/", StringComparison.Ordinal))
            {
                await WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: /moved{target}\r\nContent-Length: 0\r\n\r\n", ReadOnlyMemory<byte>.Empty);
                return true;
            }

            target = target["/moved".Length..];
        }

        var relative = Uri.UnescapeDataString(target.TrimStart('/'));
        var path = Path.GetFullPath(Path.Combine(_root, relative));
        if (!path.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(path))
        {
            await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", ReadOnlyMemory<byte>.Empty);
            return true;
        }

        var data = await File.ReadAllBytesAsync(path, Stopping);
        long from = 0;
        long to = data.Length - 1;
        var partial = range is not null;
        if (range is not null)
        {
            var parts = range["bytes=".Length..].Split('-');
            from = long.Parse(parts[0], CultureInfo.InvariantCulture);
            to = Math.Min(long.Parse(parts[1], CultureInfo.InvariantCulture), data.Length - 1);
        }

        var body = data.AsSpan((int)from, (int)(to - from + 1)).ToArray();
        var shown = _fault == SeedFault.WrongRange ? from + 1 : from;
        var head = partial
            ? $"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {shown}-{shown + body.Length - 1}/{data.Length}\r\nContent-Length: {body.Length}\r\n\r\n"
            : $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n";
        if (_fault == SeedFault.WrongBytes)
        {
            for (var i = 0; i < body.Length; i += 997)
            {
                body[i] ^= 0x5A;
            }
        }

        if (_fault == SeedFault.Slow)
        {
            await WriteAsync(stream, head, body.AsMemory(0, body.Length / 2));
            await Task.Delay(Timeout.Infinite, Stopping);
        }

        await WriteAsync(stream, head, body);
        return true;
    }

    private async Task WriteAsync(NetworkStream stream, string head, ReadOnlyMemory<byte> body)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Stopping);
        await stream.WriteAsync(body, Stopping);
        await stream.FlushAsync(Stopping);
    }
}
