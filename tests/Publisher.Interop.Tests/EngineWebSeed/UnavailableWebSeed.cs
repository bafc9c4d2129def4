using System.Net.Sockets;
using System.Text;
using Publisher.TestSupport;

namespace Publisher.Interop.Tests.EngineWebSeed;

/// <summary>
/// An origin that is down for maintenance: a loopback HTTP/1.1 listener answering every request
/// <c>503 Service Unavailable</c> with <c>Retry-After: 120</c> (keep-alive), counting requests. Stopped on dispose.
/// </summary>
internal sealed class UnavailableWebSeed : LoopbackTcpServer
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n");
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            while (!Stopping.IsCancellationRequested)
            {
                if (string.IsNullOrEmpty(await reader.ReadLineAsync(Stopping)))
                {
                    return;
                }

                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(Stopping)))
                {
                    // Headers are ignored.
                }

                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(Answer, Stopping);
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
