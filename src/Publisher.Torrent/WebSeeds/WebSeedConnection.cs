using System.Net;
using System.Net.Sockets;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// The connections of the default web seed handler (<see cref="SocketsHttpHandler.ConnectCallback"/>): plain TCP with
/// Nagle off, whose stream (on Linux) raises the socket's receive low-water mark (<c>SO_RCVLOWAT</c>) while a large
/// body read is pending, so the read completes with a few hundred KiB instead of every 64 KiB segment. Each completion
/// costs a wake-up, a thread-pool dispatch and a worker that spins before it sleeps again; at hundreds of MB/s those
/// dominate the CPU a download spends outside hashing. The mark never exceeds the bytes the read asks for, which
/// HttpClient bounds by what the response still owes (so the server sends at least that many, or closes), and never
/// more than a quarter of the socket's receive buffer (so the kernel does not shrink the TCP window to fit it).
/// </summary>
internal static class WebSeedConnection
{
    /// <summary>Reads asking for at least this many bytes wait for this many (or the end of the stream).</summary>
    public const int LowWaterMark = 256 * 1024;

    /// <summary>Opens a connection to the request's host and port.</summary>
    public static ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, cancellationToken);

    /// <summary>Opens a connection to <paramref name="endPoint"/>.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return OperatingSystem.IsLinux() ? new LowWaterMarkStream(socket) : new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket stream that sets <c>SO_RCVLOWAT</c> for each read as <see cref="WebSeedConnection"/> says.</summary>
    private sealed class LowWaterMarkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
    {
        private int _mark = 1;
        private bool _unsupported;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            SetMark(buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            SetMark(count);
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override int Read(Span<byte> buffer)
        {
            SetMark(1);
            return base.Read(buffer);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            SetMark(1);
            return base.Read(buffer, offset, count);
        }

        private void SetMark(int wanted)
        {
            if (_unsupported)
            {
                return;
            }

            var mark = 1;
            if (wanted >= LowWaterMark)
            {
                var receiveBuffer = Socket.ReceiveBufferSize;
                mark = Math.Max(1, Math.Min(LowWaterMark, receiveBuffer / 4));
            }

            if (mark == _mark)
            {
                return;
            }

            try
            {
                Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, mark);
                _mark = mark;
            }
            catch (SocketException)
            {
                _unsupported = true;
            }
        }
    }
}
