using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class HttpTrackerUrlTests
{
    private const string EncodedInfoHash = "%00%FF%26%25%20%2F%3F%3DAz-._~%80%7F%2B%23%12%AB";

    [Fact]
    public void BuildAnnounce_BinaryInfoHash_PercentEncodesEveryReservedByte()
    {
        var url = HttpTrackerUrl.BuildAnnounce(new Uri("http://tracker.example/announce"), TrackerTestData.Request());

        Assert.Equal(
            "/announce?info_hash=" + EncodedInfoHash + "&peer_id=-PB0001-abcdefghijkl&port=6881&uploaded=1234&downloaded=5678&left=91011"
            + "&compact=1&no_peer_id=1&event=started&numwant=50&key=DEADBEEF",
            url.PathAndQuery);
    }

    [Fact]
    public void BuildAnnounce_TrackerUrlWithQuery_KeepsItAndAppends()
    {
        var url = HttpTrackerUrl.BuildAnnounce(new Uri("https://tracker.example/announce?token=a%2Bb#frag"), TrackerTestData.Request());

        Assert.StartsWith("https://tracker.example/announce?token=a%2Bb&info_hash=" + EncodedInfoHash + "&", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain("frag", url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://t.example/announce?", "http://t.example/announce?info_hash=")]
    [InlineData("http://t.example/my%20dir/announce?token=a%2Bb%25", "http://t.example/my%20dir/announce?token=a%2Bb%25&info_hash=")]
    [InlineData("http://t.example/announce?a=1&", "http://t.example/announce?a=1&info_hash=")]
    public void BuildAnnounce_QueryEndingInSeparator_AddsNoEmptyParameter(string tracker, string expectedStart)
    {
        var url = HttpTrackerUrl.BuildAnnounce(new Uri(tracker), TrackerTestData.Request());

        Assert.StartsWith(expectedStart, url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAnnounce_NoEventDefaultNumWantAndTrackerId_OmitsAndEchoes()
    {
        var request = TrackerTestData.Request(TrackerEvent.None) with { NumWant = -1, TrackerId = "id 7&x" };

        var query = HttpTrackerUrl.BuildAnnounce(new Uri("http://t.example/announce"), request).Query;

        Assert.DoesNotContain("event=", query, StringComparison.Ordinal);
        Assert.DoesNotContain("numwant=", query, StringComparison.Ordinal);
        Assert.EndsWith("&trackerid=id%207%26x", query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TrackerEvent.Completed, "completed")]
    [InlineData(TrackerEvent.Stopped, "stopped")]
    [InlineData(TrackerEvent.Started, "started")]
    public void BuildAnnounce_Event_IsNamed(TrackerEvent announceEvent, string name)
    {
        var query = HttpTrackerUrl.BuildAnnounce(new Uri("http://t.example/announce"), TrackerTestData.Request(announceEvent)).Query;

        Assert.Contains("&event=" + name + "&", query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://t.example/announce", "http://t.example/scrape")]
    [InlineData("http://t.example:8080/x/announce", "http://t.example:8080/x/scrape")]
    [InlineData("http://t.example/announce.php", "http://t.example/scrape.php")]
    [InlineData("http://t.example/x/announce?token=abc", "http://t.example/x/scrape?token=abc")]
    [InlineData("http://t.example/my%20dir/announce?token=a%2Bb%25", "http://t.example/my%20dir/scrape?token=a%2Bb%25")]
    [InlineData("https://t.example/announce#frag", "https://t.example/scrape")]
    public void TryGetScrapeUrl_LastSegmentAnnounce_ReplacesItWithScrape(string announce, string scrape)
    {
        Assert.True(HttpTrackerUrl.TryGetScrapeUrl(new Uri(announce), out var url));
        Assert.Equal(scrape, url.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://t.example/a")]
    [InlineData("http://t.example/announce/token123")]
    [InlineData("http://t.example/x%20announce")]
    [InlineData("http://t.example/")]
    [InlineData("http://t.example/announce/")]
    public void TryGetScrapeUrl_NoAnnounceSegment_IsNotScrapable(string announce)
    {
        Assert.False(HttpTrackerUrl.TryGetScrapeUrl(new Uri(announce), out _));
    }

    [Fact]
    public void BuildScrape_SeveralHashes_RepeatsInfoHash()
    {
        var url = HttpTrackerUrl.BuildScrape(new Uri("http://t.example/scrape"), [TrackerTestData.InfoHash, new byte[20]]);

        Assert.Equal("?info_hash=" + EncodedInfoHash + "&info_hash=" + string.Concat(Enumerable.Repeat("%00", 20)), url.Query);
    }
}
