using Publisher.TestSupport;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Tests.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>
/// A payload served by a <see cref="LocalWebSeedServer"/> (healthy or faulty), its torrent whose url-list points at the
/// server, and helpers to wait on an engine's torrent without sleeping.
/// </summary>
internal sealed class WebSeedEngineFixture : IAsyncDisposable
{
    private WebSeedEngineFixture(TempDirectory root, LocalWebSeedServer server, TorrentInfo torrent)
    {
        Root = root;
        Server = server;
        Torrent = torrent;
    }

    /// <summary>Holds the served payload (below <see cref="Served"/>) and the download target (<see cref="Target"/>).</summary>
    public TempDirectory Root { get; }

    public LocalWebSeedServer Server { get; }

    public TorrentInfo Torrent { get; }

    public string Served => Root.Combine("served");

    public string Target => Root.Combine("target");

    /// <summary>A multi-file payload of about <paramref name="size"/> bytes in 16 KiB pieces, served with <paramref name="fault"/>.</summary>
    public static async Task<WebSeedEngineFixture> StartAsync(SeedFault fault, long size = 512 * 1024, TorrentFormat format = TorrentFormat.V1)
    {
        var root = new TempDirectory("engine-webseed");
        Directory.CreateDirectory(root.Combine("served"));
        var server = new LocalWebSeedServer(root.Combine("served"), fault);
        var payload = root.Combine("served", "pay load ü");
        root.WriteRandomFile(Path.Combine("served", "pay load ü", "big €.bin"), size - 20_001, 3);
        root.WriteRandomFile(Path.Combine("served", "pay load ü", "sub dir", "small.bin"), 20_001, 4);
        var created = await TorrentBuilder.CreateAsync(
            payload,
            new TorrentBuilderOptions { Format = format, PieceLength = 16 * 1024, Threads = 1, WebSeeds = [server.BaseUrl] },
            null,
            TestContext.Current.CancellationToken);
        return new WebSeedEngineFixture(root, server, TorrentInfo.Parse(created.Bytes));
    }

    /// <summary>Waits (bounded, polling every 20 ms) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for the torrent to complete or fail; returns its error (null when complete).</summary>
    public static async Task<Exception?> WaitEndAsync(TorrentHandle handle)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EngineTestData.Timeout);
        try
        {
            await handle.WaitForCompletionAsync(timeout.Token);
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Root.Dispose();
    }
}
