using System.Net.Sockets;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

/// <summary><see cref="EngineOptions.MaxConnections"/> holds over all torrents of an engine, outgoing and incoming.</summary>
public sealed class TorrentEngineConnectionLimitTests
{
    [Fact]
    public async Task AddPeer_EngineAtItsConnectionLimit_SecondTorrentDoesNotDial()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (a, b) = await TwoTorrentsAsync(temp);
        await using var seedEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(a, temp.Path, new TorrentOptions { MaxUploadBytesPerSecond = 512 * 1024 }, ct);
        await seedEngine.AddAsync(b, temp.Path, null, ct);
        await using var leechEngine = EngineTestData.CreateEngine(new EngineOptions { MaxConnections = 1 });
        var leechA = await leechEngine.AddAsync(a, temp.Combine("out"), new TorrentOptions { InitialPeers = [EngineTestData.EndPointOf(seedEngine)] }, ct);
        await WaitUntilAsync(() => leechA.Session.PeerCount == 1);

        var leechB = await leechEngine.AddAsync(b, temp.Combine("out"), new TorrentOptions { InitialPeers = [EngineTestData.EndPointOf(seedEngine)] }, ct);
        leechB.AddPeer(EngineTestData.EndPointOf(seedEngine));

        Assert.Equal(1, leechEngine.ConnectionCount);
        Assert.Equal(0, leechB.Session.PeerCount);
        Assert.Equal(TorrentState.Downloading, leechA.State);
    }

    [Fact]
    public async Task Accept_EngineAtItsConnectionLimit_HandshakeForAnotherTorrentIsNotAnswered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (a, b) = await TwoTorrentsAsync(temp);
        await using var seedEngine = EngineTestData.CreateEngine(new EngineOptions { MaxConnections = 1 });
        await seedEngine.AddAsync(a, temp.Path, new TorrentOptions { MaxUploadBytesPerSecond = 512 * 1024 }, ct);
        await seedEngine.AddAsync(b, temp.Path, null, ct);
        await using (var leechEngine = EngineTestData.CreateEngine())
        {
            var leechA = await leechEngine.AddAsync(a, temp.Combine("out"), new TorrentOptions { InitialPeers = [EngineTestData.EndPointOf(seedEngine)] }, ct);
            await WaitUntilAsync(() => seedEngine.ConnectionCount == 1 && leechA.Session.PeerCount == 1);

            Assert.Equal(0, await HandshakeReplyLengthAsync(seedEngine, b));
            Assert.Equal(1, seedEngine.ConnectionCount);
        }

        // The slot is free again once that peer is gone.
        await WaitUntilAsync(() => seedEngine.ConnectionCount == 0);
        Assert.Equal(68, await HandshakeReplyLengthAsync(seedEngine, b));
    }

    private static async Task<(TorrentInfo A, TorrentInfo B)> TwoTorrentsAsync(TempDirectory temp)
    {
        var a = await EngineTestData.CreateTorrentAsync(EngineTestData.WritePayload(temp, "payload", 4L * 1024 * 1024, 61), TorrentFormat.V1);
        var b = await EngineTestData.CreateTorrentAsync(temp.WriteRandomFile("other.bin", 256 * 1024, 62), TorrentFormat.V1);
        return (a, b);
    }

    /// <summary>Sends a handshake for <paramref name="torrent"/> and counts the bytes of the reply until the engine closes or 68 arrive.</summary>
    private static async Task<int> HandshakeReplyLengthAsync(TorrentEngine engine, TorrentInfo torrent)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(EngineTestData.EndPointOf(engine), ct);
        var stream = client.GetStream();
        await stream.WriteAsync(RawPeer.Handshake(torrent.InfoHashes.Primary.AsSpan()), ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var buffer = new byte[68];
        var total = 0;
        try
        {
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // Reset by the engine: closed.
        }

        Assert.False(timeout.IsCancellationRequested, "the engine neither answered nor closed");
        return total;
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
