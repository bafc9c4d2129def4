using System.Net;
using System.Net.Sockets;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>The default handler's connections: a large read waits for what it asks for, a small one for any byte.</summary>
public sealed class WebSeedConnectionTests
{
    [Fact]
    public async Task ReadAsync_LargeReadThenSmallOnTheSameConnection_EachCompletesWithTheBytesSent()
    {
        var token = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var large = new byte[(3 * WebSeedConnection.LowWaterMark) + 17];
        new Random(5).NextBytes(large);

        await using var stream = await WebSeedConnection.ConnectAsync(new DnsEndPoint("127.0.0.1", port), token);
        using var server = await listener.AcceptTcpClientAsync(token);
        var sent = server.GetStream();
        await sent.WriteAsync(large, token);
        var received = new byte[large.Length];
        var filled = 0;
        while (filled < received.Length)
        {
            var read = await stream.ReadAsync(received.AsMemory(filled), token);
            Assert.NotEqual(0, read);
            filled += read;
        }

        // The server owes only 10 more bytes and keeps the connection open: a small read gets them at once.
        await sent.WriteAsync(large.AsMemory(0, 10), token);
        var tail = new byte[4096];
        var count = await stream.ReadAsync(tail, token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.Equal(large, received);
        Assert.Equal(10, count);
        Assert.Equal(large.AsSpan(0, 10).ToArray(), tail.AsSpan(0, 10).ToArray());
    }
}
