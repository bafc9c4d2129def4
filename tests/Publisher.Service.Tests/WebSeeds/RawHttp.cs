using System.Net.Sockets;
using System.Text;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Sends a request target byte for byte (HttpClient would normalise dot segments and escapes).</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Response)> GetAsync(Uri server, string target, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var status = int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
