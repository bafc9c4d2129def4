using System.Net;
using System.Net.Sockets;

namespace Publisher.Torrent.Tests.Wire;

/// <summary>A connected pair of TCP sockets on 127.0.0.1.</summary>
internal static class LoopbackSockets
{
    public static async Task<(Socket Client, Socket Server)> CreatePairAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync(cancellationToken).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken);
        var server = await accept;
        return (client, server);
    }
}
