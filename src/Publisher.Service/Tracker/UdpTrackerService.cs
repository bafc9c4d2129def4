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
/// start (0 = off) and runs one receive loop per core. A datagram that breaks the handler is logged and dropped;
/// the loops only end with the host.
/// </summary>
internal sealed partial class UdpTrackerService : BackgroundService
{
    private readonly TrackerOptions _options;
    private readonly UdpRequestHandler _handler;
    private readonly ILogger<UdpTrackerService> _logger;
    private Socket? _socket;

    public UdpTrackerService(IOptions<TrackerOptions> options, UdpRequestHandler handler, ILogger<UdpTrackerService> logger)
    {
        _options = options.Value;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The bound address, once started (null when the UDP tracker is off).</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
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
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _socket?.Dispose();
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var socket = _socket!;
        var loops = new Task[Math.Max(1, Environment.ProcessorCount)];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => ReceiveLoopAsync(socket, stoppingToken), stoppingToken);
        }

        return Task.WhenAll(loops);
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

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken stoppingToken)
    {
        var request = GC.AllocateUninitializedArray<byte>(ProtocolLimits.TrackerServerMaxUdpDatagram, pinned: true);
        var response = GC.AllocateUninitializedArray<byte>(UdpRequestHandler.MaxResponseLength, pinned: true);
        var remote = new SocketAddress(socket.AddressFamily);
        while (!stoppingToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(request, SocketFlags.None, remote, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
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

                var length = await _handler.HandleAsync(request.AsMemory(0, received), source, response, stoppingToken);
                if (length > 0)
                {
                    await socket.SendToAsync(response.AsMemory(0, length), SocketFlags.None, remote, stoppingToken);
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
