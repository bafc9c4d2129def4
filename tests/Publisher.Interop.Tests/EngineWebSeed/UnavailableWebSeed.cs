using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Publisher.Interop.Tests.EngineWebSeed;

/// <summary>
/// An origin that is down for maintenance: a loopback HTTP/1.1 listener answering every request
/// <c>503 Service Unavailable</c> with <c>Retry-After: 120</c> (keep-alive), counting requests. Stopped on dispose.
/// </summary>
internal sealed class UnavailableWebSeed : IAsyncDisposable
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _requests;

    public UnavailableWebSeed()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _accepting = AcceptAsync();
    }

    /// <summary>The origin's URL, with a trailing slash.</summary>
    public string BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            while (!_stop.IsCancellationRequested)
            {
                if (string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                    return;
                }

                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                    // Headers are ignored.
                }

                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(Answer, _stop.Token);
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
}
