using System.Net;
using System.Net.Sockets;

namespace Publisher.TestSupport;

/// <summary>
/// A raw TCP server on 127.0.0.1 (port 0) for hand-written protocol fakes (minimal HTTP origins and web seeds): it
/// accepts connections until disposed and hands each to <see cref="ServeAsync"/>. Disposing stops the listener, closes
/// every connection it accepted and waits for the accept loop. <see cref="ServeAsync"/> only runs once a client has
/// connected to <see cref="BaseUrl"/>, so derived constructors finish before it is called in practice.
/// </summary>
public abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    /// <summary>Starts listening on a free loopback port.</summary>
    protected LoopbackTcpServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _accepting = AcceptAsync();
    }

    /// <summary>The server's URL, with a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
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
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Serves one accepted connection until it ends or <see cref="Stopping"/> fires; disposes the client.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }
}
