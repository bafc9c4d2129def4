using System.Net.Sockets;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class TorrentEngineHostilePeerTests
{
    [Theory]
    [InlineData(RawPeerBehaviour.WrongData)]
    [InlineData(RawPeerBehaviour.Stall)]
    [InlineData(RawPeerBehaviour.UnsolicitedPiece)]
    [InlineData(RawPeerBehaviour.OversizedLength)]
    public async Task Download_WithHostilePeerAndGoodSeed_CompletesWithIdenticalBytes(RawPeerBehaviour behaviour)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 2 * 1024 * 1024, 21);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V1);
        await using var hostile = new RawPeer(behaviour);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        var leech = await leechEngine.AddAsync(torrent, temp.Combine("out"), null, ct);

        // The hostile peer first, so it gets requests before the good seed is known.
        leech.AddPeer(hostile.EndPoint);
        await WaitUntilAsync(() => hostile.RequestsSeen > 0);
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        leech.AddPeer(EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(leech);

        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
        if (behaviour == RawPeerBehaviour.WrongData)
        {
            Assert.True(leech.Session.IsBanned(hostile.EndPoint), "the peer that sent wrong data is banned");
            Assert.True(leech.Statistics.DiscardedBytes > 0);
        }
    }

    [Fact]
    public async Task Seed_HostileIncomingConnections_KeepsServing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 1024 * 1024, 31);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.Hybrid);
        await using var seedEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var seedEndPoint = EngineTestData.EndPointOf(seedEngine);
        var handshake = RawPeer.Handshake(torrent.InfoHashes.Primary.AsSpan());

        // Garbage instead of a handshake.
        await SendAndExpectCloseAsync(seedEndPoint, [.. "GET / HTTP/1.1\r\n\r\n"u8]);

        // A handshake for a torrent the engine does not have.
        await SendAndExpectCloseAsync(seedEndPoint, RawPeer.Handshake(new byte[20]));

        // An oversized length prefix after a good handshake.
        await SendAndExpectCloseAsync(seedEndPoint, [.. handshake, 0x7F, 0xFF, 0xFF, 0xFF, 7]);

        // A request past the end of the torrent, and one with a negative offset.
        await SendAndExpectCloseAsync(seedEndPoint, [.. handshake, 0, 0, 0, 1, 2, 0, 0, 0, 13, 6, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x40, 0]);
        await SendAndExpectCloseAsync(seedEndPoint, [.. handshake, 0, 0, 0, 1, 2, 0, 0, 0, 13, 6, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0x40, 0]);

        // A piece we never asked for.
        await SendAndExpectCloseAsync(seedEndPoint, [.. handshake, 0, 0, 0, 13, 7, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);

        await using var leechEngine = EngineTestData.CreateEngine();
        var leech = await leechEngine.AddAsync(torrent, temp.Combine("out"), null, ct);
        leech.AddPeer(seedEndPoint);
        await EngineTestData.WaitAsync(leech);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    private static async Task SendAndExpectCloseAsync(System.Net.IPEndPoint endPoint, byte[] bytes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset by the engine: closed as well.
        }

        Assert.False(timeout.IsCancellationRequested, "the engine should close a hostile connection");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EngineTestData.Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
