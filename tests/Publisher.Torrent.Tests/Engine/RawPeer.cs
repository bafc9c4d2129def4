using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>
/// A hand-written peer on a raw socket for hostile-peer tests: it listens on loopback, and for each connection our
/// engine makes, answers the handshake (fast extension, no extension protocol), says have-all and unchoke, then
/// answers requests as its <see cref="Behaviour"/> says.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;
    private int _requestsSeen;

    public RawPeer(RawPeerBehaviour behaviour)
    {
        Behaviour = behaviour;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public RawPeerBehaviour Behaviour { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Connections => Volatile.Read(ref _connections);

    public int RequestsSeen => Volatile.Read(ref _requestsSeen);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    public static byte[] Handshake(ReadOnlySpan<byte> infoHash)
    {
        var bytes = new byte[68];
        bytes[0] = 19;
        "BitTorrent protocol"u8.CopyTo(bytes.AsSpan(1));
        bytes[27] = 0x04;
        infoHash[..20].CopyTo(bytes.AsSpan(28));
        "-XX0001-rawpeer00000"u8.CopyTo(bytes.AsSpan(48));
        return bytes;
    }

    private async Task AcceptAsync()
    {
        var tasks = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                tasks.Add(ServeAsync(client));
            }
        }
        finally
        {
            try
            {
                await Task.WhenAll(tasks);
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var token = _stop.Token;
        var handshake = new byte[68];
        await stream.ReadExactlyAsync(handshake, token);
        await stream.WriteAsync(Handshake(handshake.AsSpan(28, 20)), token);
        await stream.WriteAsync(new byte[] { 0, 0, 0, 1, 0x0E }, token); // have all
        await stream.WriteAsync(new byte[] { 0, 0, 0, 1, 1 }, token); // unchoke
        var header = new byte[4];
        var body = new byte[64 * 1024];
        while (!token.IsCancellationRequested)
        {
            await stream.ReadExactlyAsync(header, token);
            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            if (length == 0)
            {
                continue;
            }

            if (length > body.Length)
            {
                return;
            }

            await stream.ReadExactlyAsync(body.AsMemory(0, length), token);
            if (body[0] != 6 || length != 13)
            {
                continue;
            }

            Interlocked.Increment(ref _requestsSeen);
            var index = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1));
            var begin = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(5));
            var blockLength = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(9));
            switch (Behaviour)
            {
                case RawPeerBehaviour.Stall:
                    continue;
                case RawPeerBehaviour.WrongData:
                    var message = new byte[13 + blockLength];
                    BinaryPrimitives.WriteInt32BigEndian(message, 9 + blockLength);
                    message[4] = 7;
                    BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(5), index);
                    BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(9), begin);
                    message.AsSpan(13).Fill(0xA5);
                    await stream.WriteAsync(message, token);
                    break;
                case RawPeerBehaviour.UnsolicitedPiece:
                    var unsolicited = new byte[13 + 16];
                    BinaryPrimitives.WriteInt32BigEndian(unsolicited, 9 + 16);
                    unsolicited[4] = 7;
                    BinaryPrimitives.WriteInt32BigEndian(unsolicited.AsSpan(5), index);
                    BinaryPrimitives.WriteInt32BigEndian(unsolicited.AsSpan(9), begin + 1);
                    await stream.WriteAsync(unsolicited, token);
                    break;
                case RawPeerBehaviour.OversizedLength:
                    await stream.WriteAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 7 }, token);
                    break;
            }
        }
    }
}
