using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

[Collection(nameof(MemoryMeasurementCollection))]
public sealed class MemorySwarmStoreTests
{
    [Fact]
    public async Task Announce_200kPeersOver2kTorrents_StaysUnder100BytesPerPeer()
    {
        const int Torrents = 2_000;
        const int PeersPerTorrent = 100;
        var options = Options.Create(new TrackerOptions());
        var selection = new PeerSelection(50);
        var hashes = new TrackerInfoHash[Torrents];
        for (var t = 0; t < Torrents; t++)
        {
            hashes[t] = TrackerQuery.InfoHash(t);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new MemorySwarmStore(options, new ManualTimeProvider());
        for (var p = 0; p < PeersPerTorrent; p++)
        {
            for (var t = 0; t < Torrents; t++)
            {
                selection.Reset(0, PeerFamilies.Both);
                var endpoint = PeerEndpoint.FromIPv4(0x0A000000u + (uint)p, (ushort)(1024 + t));
                await store.AnnounceAsync(hashes[t], new PeerAnnounce(endpoint, 1, 0, 0, 100, AnnounceEvent.Started), selection, TestContext.Current.CancellationToken);
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perPeer = (after - before) / (double)(Torrents * PeersPerTorrent);
        TestContext.Current.TestOutputHelper?.WriteLine($"bytes per peer: {perPeer:F1}");
        Assert.Equal(Torrents * PeersPerTorrent, (await store.GetTotalsAsync(TestContext.Current.CancellationToken)).Peers);
        Assert.InRange(perPeer, 40, 100);
        GC.KeepAlive(store);
    }
}
