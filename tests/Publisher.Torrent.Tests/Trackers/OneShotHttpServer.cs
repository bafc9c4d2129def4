using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Publisher.Torrent.Tests.Trackers;

/// <summary>
/// A raw HTTP/1.1 server that answers only the first request of each connection (keep-alive not refused in the
/// headers) and resets the connection, unanswered, when a second request arrives on it: what a client sees when it
/// reuses a connection opentracker has just closed.
/// </summary>
internal sealed class OneShotHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;
    private int _requests;

    public OneShotHttpServer(byte[] body)
    {
        _body = body;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/announce");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                if (!await ReadRequestAsync(socket))
                {
                    return;
                }

                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {_body.Length}\r\n\r\n");
                await socket.SendAsync(head.Concat(_body).ToArray(), SocketFlags.None, _stop.Token);

                // Wait for the next request and close without reading it: the kernel answers with a reset.
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _stop.Token);
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<bool> ReadRequestAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return false;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Interlocked.Increment(ref _requests);
        return true;
    }
}
