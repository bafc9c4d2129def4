using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Publisher.Torrent.Tests.Trackers;

/// <summary>
/// A scripted UDP tracker on loopback: records every datagram and answers with what the handler returns
/// (null drops the datagram, so the client must retransmit).
/// </summary>
internal sealed class FakeUdpTracker : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<byte[], int, byte[]?> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<byte[]> _received = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeUdpTracker(Func<byte[], int, byte[]?> handler, IPAddress? address = null)
    {
        _handler = handler;
        address ??= IPAddress.Loopback;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public Uri Url(string pathAndQuery = "") => new($"udp://{(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{EndPoint.Address}]" : EndPoint.Address.ToString())}:{EndPoint.Port}{pathAndQuery}");

    public List<byte[]> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>A connect reply for <paramref name="request"/> carrying <paramref name="connectionId"/>.</summary>
    public static byte[] ConnectReply(byte[] request, ulong connectionId)
    {
        var reply = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(reply, 0);
        request.AsSpan(12, 4).CopyTo(reply.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(8), connectionId);
        return reply;
    }

    /// <summary>An announce reply for <paramref name="request"/> with the given compact peers.</summary>
    public static byte[] AnnounceReply(byte[] request, int interval, int leechers, int seeders, byte[] peers)
    {
        var reply = new byte[20 + peers.Length];
        BinaryPrimitives.WriteInt32BigEndian(reply, 1);
        request.AsSpan(12, 4).CopyTo(reply.AsSpan(4));
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(8), interval);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(12), leechers);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(16), seeders);
        peers.CopyTo(reply, 20);
        return reply;
    }

    /// <summary>An error reply for <paramref name="request"/>.</summary>
    public static byte[] ErrorReply(byte[] request, string message)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(message);
        var reply = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(reply, 3);
        request.AsSpan(12, 4).CopyTo(reply.AsSpan(4));
        text.CopyTo(reply, 8);
        return reply;
    }

    public static int ActionOf(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(8));

    /// <summary>Waits (bounded, real time) until <paramref name="count"/> datagrams have arrived.</summary>
    public async Task WaitForCountAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_received.Count >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), _stop.Token);
            var request = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            int index;
            TaskCompletionSource changed;
            lock (_gate)
            {
                _received.Add(request);
                index = _received.Count - 1;
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            var reply = _handler(request, index);
            if (reply is not null)
            {
                await _socket.SendToAsync(reply, SocketFlags.None, result.RemoteEndPoint, _stop.Token);
            }

            changed.TrySetResult();
        }
    }
}
