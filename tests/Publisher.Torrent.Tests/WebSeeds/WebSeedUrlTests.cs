using System.Text;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

public sealed class WebSeedUrlTests
{
    [Theory]
    [InlineData("plain-Name_1.0~x", "plain-Name_1.0~x")]
    [InlineData("a b", "a%20b")]
    [InlineData("ü €", "%C3%BC%20%E2%82%AC")]
    [InlineData("z#?%+&=;:@!", "z%23%3F%25%2B%26%3D%3B%3A%40%21")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void AppendComponent_Characters_AreUtf8PercentEncodedExceptUnreserved(string component, string expected)
    {
        var builder = new StringBuilder();

        WebSeedUrl.AppendComponent(builder, component);

        Assert.Equal(expected, builder.ToString());
    }

    [Theory]
    [InlineData("http://h/dl/file.iso", "http://h/dl/file.iso")]
    [InlineData("http://h/dl/", "http://h/dl/my%20f%C3%BCle.bin")]
    public async Task ForFile_SingleFile_IsTheUrlOrTheUrlPlusNameWhenItEndsWithASlash(string seed, string expected)
    {
        using var root = new TempDirectory("webseed-url");
        var torrent = await WebSeedTestData.SingleAsync(root, "my füle.bin", 1000, [], TestContext.Current.CancellationToken);

        var url = WebSeedUrl.ForFile(seed, torrent, torrent.Files[0]);

        Assert.Equal(expected, url.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://h/seed/")]
    [InlineData("http://h/seed")]
    public async Task ForFile_MultiFile_IsBasePlusNamePlusEachEncodedComponent(string seed)
    {
        using var root = new TempDirectory("webseed-url");
        var torrent = await WebSeedTestData.MultiAsync(root, "my release", TorrentFormat.V1, [], TestContext.Current.CancellationToken);
        var urls = new List<string>();

        foreach (var file in torrent.Files)
        {
            urls.Add(WebSeedUrl.ForFile(seed, torrent, file).AbsoluteUri);
        }

        Assert.Contains("http://h/seed/my%20release/a%20file.bin", urls);
        Assert.Contains("http://h/seed/my%20release/donn%C3%A9es/%C3%BC%20%E2%82%AC.bin", urls);
        Assert.Contains("http://h/seed/my%20release/z%23%25%2B%26%3B.bin", urls);
    }

    [Fact]
    public async Task ForFile_PadFile_IsRefused()
    {
        using var root = new TempDirectory("webseed-url");
        var torrent = await WebSeedTestData.MultiAsync(root, "padded", TorrentFormat.Hybrid, [], TestContext.Current.CancellationToken);
        var pad = torrent.Files.First(f => f.IsPadFile);

        Assert.Throws<ArgumentException>(() => WebSeedUrl.ForFile("http://h/", torrent, pad));
    }

    [Theory]
    [InlineData("http://h/x", true)]
    [InlineData("https://h/x", true)]
    [InlineData("ftp://h/x", false)]
    [InlineData("/relative", false)]
    [InlineData("not a url", false)]
    public void IsUsable_Schemes_OnlyAbsoluteHttpAndHttps(string url, bool expected)
    {
        Assert.Equal(expected, WebSeedUrl.IsUsable(url, out _));
    }
}
