using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class TrackerTiersTests
{
    [Fact]
    public void FromTorrent_MixedEntries_KeepsSupportedUrlsOnceAndDropsEmptyTiers()
    {
        IReadOnlyList<IReadOnlyList<string>> tiers =
        [
            ["http://a.example/announce", "udp://b.example:6969", "wss://c.example/announce"],
            ["not a url", "", "dht://x"],
            ["http://a.example/announce", " https://d.example/announce "],
        ];

        var result = TrackerTiers.FromTorrent(tiers);

        Assert.Equal(2, result.Count);
        Assert.Equal(["http://a.example/announce", "udp://b.example:6969/"], result[0].Select(u => u.AbsoluteUri));
        Assert.Equal(["https://d.example/announce"], result[1].Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void FromMagnet_Trackers_OneTierEachInOrder()
    {
        var result = TrackerTiers.FromMagnet(["udp://b.example:6969/announce", "http://a.example/announce"]);

        Assert.Equal([["udp://b.example:6969/announce"], ["http://a.example/announce"]], result.Select(t => t.Select(u => u.AbsoluteUri).ToArray()));
    }
}
