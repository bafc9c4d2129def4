using Publisher.Torrent.Metainfo;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class TorrentFilePathsTests
{
    [Fact]
    public void GetFullPath_TorrentFile_StaysUnderDownloadFolder()
    {
        using var directory = new TempDirectory();
        var torrent = TorrentInfo.Parse(TestTorrents.Hybrid());
        foreach (var file in torrent.Files)
        {
            var full = TorrentFilePaths.GetFullPath(directory.Path, file);
            Assert.StartsWith(directory.Path + Path.DirectorySeparatorChar, full, StringComparison.Ordinal);
            Assert.EndsWith(Path.Combine([.. file.Path]), full, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("..", "x")]
    [InlineData("a", "..", "..", "b")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void GetFullPath_EscapingComponents_Rejected(params string[] components)
    {
        using var directory = new TempDirectory();
        var exception = Assert.Throws<InvalidTorrentException>(() => TorrentFilePaths.GetFullPath(directory.Path, components));
        Assert.Contains("refused", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFullPath_EmptyList_Rejected()
    {
        Assert.Throws<InvalidTorrentException>(() => TorrentFilePaths.GetFullPath("/tmp", []));
    }

    [Fact]
    public void GetFullPath_RootDirectory_Works()
    {
        Assert.Equal(Path.GetFullPath("/a/b"), TorrentFilePaths.GetFullPath(Path.GetPathRoot(Path.GetTempPath())!, ["a", "b"]));
    }
}
