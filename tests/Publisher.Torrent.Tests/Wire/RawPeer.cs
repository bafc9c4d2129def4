using System.Net.Sockets;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Tests.Wire;

/// <summary>The far end of a connection under test, driven byte by byte.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly NetworkStream _stream;

    public RawPeer(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Task WriteAsync(byte[] bytes, CancellationToken cancellationToken) => _stream.WriteAsync(bytes, cancellationToken).AsTask();

    public async Task WriteHandshakeAsync(PeerHandshake handshake, CancellationToken cancellationToken)
    {
        var bytes = new byte[ProtocolLimits.HandshakeLength];
        handshake.WriteTo(bytes);
        await WriteAsync(bytes, cancellationToken);
    }

    public async Task<byte[]> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return buffer;
    }

    /// <summary>True when the other side closed: a read returns end of stream (or fails).</summary>
    public async Task<bool> IsClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
