using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Interop.Tests.Creation;

/// <summary>Torrents we create load in libtorrent with our info hashes, and libtorrent's own check of the data passes.</summary>
public sealed class OurTorrentsInLibtorrentTests
{
    [Theory]
    [InlineData(TorrentFormat.V1, false)]
    [InlineData(TorrentFormat.V1, true)]
    [InlineData(TorrentFormat.V2, false)]
    [InlineData(TorrentFormat.V2, true)]
    [InlineData(TorrentFormat.Hybrid, false)]
    [InlineData(TorrentFormat.Hybrid, true)]
    public async Task Create_LoadedByLibtorrent_SameInfoHashesAndDataChecksAsSeed(TorrentFormat format, bool multiFile)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var temp = new TempDirectory();
        var source = InteropPayloads.Write(temp, multiFile);
        var options = new TorrentBuilderOptions { Format = format, PieceLength = 65536, Threads = 2, Trackers = [["http://127.0.0.1:1/announce"]] };
        var created = await TorrentBuilder.CreateAsync(source, options, null, TestContext.Current.CancellationToken);
        var torrentPath = temp.Combine("ours.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), TestContext.Current.CancellationToken);

        var check = await LibtorrentScripts.CheckAsync(python, torrentPath, temp.Combine("data"));

        Assert.Equal(created.InfoHashes.V1?.ToHex(), check.V1);
        Assert.Equal(created.InfoHashes.V2?.ToHex(), check.V2);
        Assert.Equal(created.Torrent.PieceCount, check.NumPieces);
        Assert.True(check.Checked, $"libtorrent did not finish checking: {check}");
        Assert.Null(check.Error);
        Assert.True(check.IsSeeding, $"libtorrent does not consider our data complete: {check}");
        Assert.Equal(check.NumPieces, check.PiecesHave);
    }

    [Fact]
    public async Task Create_DataCorruptedAfterwards_LibtorrentCheckFails()
    {
        // Proves the check above can fail: the same script on damaged data must not report a seed.
        var python = ExternalTool.RequireLibtorrentPython();
        using var temp = new TempDirectory();
        var source = InteropPayloads.Write(temp, multiFile: true);
        var created = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { PieceLength = 65536 }, null, TestContext.Current.CancellationToken);
        var torrentPath = temp.Combine("ours.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), TestContext.Current.CancellationToken);
        InteropPayloads.CorruptOneByte(InteropPayloads.Victim(temp, multiFile: true).FullPath);

        var check = await LibtorrentScripts.CheckAsync(python, torrentPath, temp.Combine("data"));

        Assert.True(check.Checked, $"libtorrent did not finish checking: {check}");
        Assert.False(check.IsSeeding);
        Assert.Equal(check.NumPieces - 1, check.PiecesHave);
    }
}
