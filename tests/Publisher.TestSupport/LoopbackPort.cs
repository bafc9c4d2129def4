using System.Net;
using System.Net.Sockets;

namespace Publisher.TestSupport;

/// <summary>Free loopback ports for third-party programs that cannot be told to pick port 0 themselves.</summary>
public static class LoopbackPort
{
    /// <summary>Asks the OS for a free TCP port on 127.0.0.1 (and releases it at once).</summary>
    public static int GetFreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
