using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Publisher.Service.Tests.Tracker;

/// <summary>A minimal BEP 15 client for tests.</summary>
internal sealed class UdpTestClient : IDisposable
{
    private readonly UdpClient _client;
    private readonly IPEndPoint _server;
    private uint _transaction = 1000;

    public UdpTestClient(IPEndPoint server)
    {
        _server = server;
        _client = new UdpClient(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
    }

    public int LocalPort => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public async Task SendAsync(byte[] datagram, CancellationToken cancellationToken)
        => await _client.SendAsync(datagram, _server, cancellationToken);

    public async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return (await _client.ReceiveAsync(timeout.Token)).Buffer;
    }

    public async Task<byte[]> RequestAsync(byte[] datagram, CancellationToken cancellationToken)
    {
        await SendAsync(datagram, cancellationToken);
        return await ReceiveAsync(cancellationToken);
    }

    public byte[] ConnectPacket()
    {
        var packet = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(packet, 0x41727101980);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), ++_transaction);
        return packet;
    }

    public async Task<ulong> ConnectAsync(CancellationToken cancellationToken)
    {
        var response = await RequestAsync(ConnectPacket(), cancellationToken);
        if (response.Length != 16 || BinaryPrimitives.ReadUInt32BigEndian(response) != 0)
        {
            throw new InvalidOperationException("Not a connect answer: " + Convert.ToHexString(response));
        }

        return BinaryPrimitives.ReadUInt64BigEndian(response.AsSpan(8));
    }

    public static byte[] AnnouncePacket(ulong connectionId, byte[] infoHash, ushort port, long left, uint announceEvent = 0, int numWant = -1, string? urlData = null)
    {
        var extra = urlData is null ? 0 : 2 + urlData.Length + 1;
        var packet = new byte[98 + extra];
        BinaryPrimitives.WriteUInt64BigEndian(packet, connectionId);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), 77);
        infoHash.CopyTo(packet, 16);
        Encoding.ASCII.GetBytes("-PU0001-abcdefghijkl").CopyTo(packet, 36);
        BinaryPrimitives.WriteInt64BigEndian(packet.AsSpan(64), left);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(80), announceEvent);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(88), 1234);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(92), numWant);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(96), port);
        if (urlData is not null)
        {
            packet[98] = 2;
            packet[99] = (byte)urlData.Length;
            Encoding.ASCII.GetBytes(urlData).CopyTo(packet, 100);
            packet[100 + urlData.Length] = 0;
        }

        return packet;
    }

    public static byte[] ScrapePacket(ulong connectionId, params byte[][] infoHashes)
    {
        var packet = new byte[16 + (20 * infoHashes.Length)];
        BinaryPrimitives.WriteUInt64BigEndian(packet, connectionId);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), 78);
        for (var i = 0; i < infoHashes.Length; i++)
        {
            infoHashes[i].CopyTo(packet, 16 + (20 * i));
        }

        return packet;
    }

    public static string ErrorMessage(byte[] response)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(response) != 3)
        {
            throw new InvalidOperationException("Not an error answer: " + Convert.ToHexString(response));
        }

        return Encoding.ASCII.GetString(response, 8, response.Length - 8);
    }

    public void Dispose() => _client.Dispose();
}
