using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// The BEP 15 UDP tracker: binds <see cref="TrackerOptions.UdpAddress"/>:<see cref="TrackerOptions.UdpPort"/> at
/// start (0 = off) and serves it from one dedicated thread per core, each blocking in <c>recvfrom</c> with its own
/// buffers and socket address (no allocation, no thread-pool hop per datagram). A datagram that breaks the handler
/// is logged and dropped; the threads only end when the socket is closed at stop.
/// </summary>
internal sealed partial class UdpTrackerService : IHostedService, IDisposable
{
    private readonly TrackerOptions _options;
    private readonly UdpRequestHandler _handler;
    private readonly ILogger<UdpTrackerService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Thread[] _threads = [];
    private int _disposed;

    public UdpTrackerService(IOptions<TrackerOptions> options, UdpRequestHandler handler, ILogger<UdpTrackerService> logger)
    {
        _options = options.Value;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The bound address, once started (null when the UDP tracker is off).</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.UdpPort == 0)
        {
            Log.Disabled(_logger);
            return Task.CompletedTask;
        }

        var address = IPAddress.Parse(_options.UdpAddress);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            socket.ReceiveBufferSize = 4 << 20;
            socket.Bind(new IPEndPoint(address, _options.UdpPort));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        Log.Listening(_logger, socket.LocalEndPoint!.ToString()!);
        _threads = new Thread[Math.Max(1, Environment.ProcessorCount)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(() => ReceiveLoop(socket)) { IsBackground = true, Name = "Publisher UDP tracker " + i };
            _threads[i].Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.CompletedTask;
        }

        _stopping.Cancel();
        _socket?.Dispose();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Registered as itself and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _socket?.Dispose();
        _stopping.Dispose();
    }

    private static bool TryReadSource(SocketAddress address, out PeerEndpoint source)
    {
        var buffer = address.Buffer.Span;
        if (address.Family == AddressFamily.InterNetwork && address.Size >= 8)
        {
            source = PeerEndpoint.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]), BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]));
            return true;
        }

        if (address.Family == AddressFamily.InterNetworkV6 && address.Size >= 24)
        {
            source = PeerEndpoint.FromIPv6(buffer.Slice(8, 16), BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]));
            return true;
        }

        source = default;
        return false;
    }

    private void ReceiveLoop(Socket socket)
    {
        var stoppingToken = _stopping.Token;
        var request = GC.AllocateUninitializedArray<byte>(ProtocolLimits.TrackerServerMaxUdpDatagram, pinned: true);
        var response = GC.AllocateUninitializedArray<byte>(UdpRequestHandler.MaxResponseLength, pinned: true);
        var remote = new SocketAddress(socket.AddressFamily);
        while (!stoppingToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(request, SocketFlags.None, remote);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                // ICMP "port unreachable" from an earlier reply, a truncated datagram: not our problem, keep serving.
                Log.ReceiveFailed(_logger, exception.SocketErrorCode);
                continue;
            }

            try
            {
                if (received >= request.Length || !TryReadSource(remote, out var source))
                {
                    continue;
                }

                // The in-memory store completes synchronously; a remote store's answer is waited for on this thread.
                var pending = _handler.HandleAsync(request.AsMemory(0, received), source, response, stoppingToken);
                var length = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
                if (length > 0)
                {
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                Log.SendFailed(_logger, exception.SocketErrorCode);
            }
#pragma warning disable CA1031 // One bad datagram must never stop the tracker; it is logged as a bug.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.PacketFailed(_logger, exception);
            }
        }
    }
}
