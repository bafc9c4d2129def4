using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Interop.Tests.Creation;

/// <summary>
/// A folder that holds exactly one file: the v2 file tree alone reads like a single-file torrent, so a hybrid's
/// v1 part decides the layout. libtorrent's hybrid and v2 torrents of such a folder load in ours with its info
/// hashes, and ours load in libtorrent.
/// </summary>
public sealed class OneFileFolderTests
{
    [Theory]
    [InlineData("hybrid")]
    [InlineData("v2")]
    [InlineData("v1")]
    public async Task LibtorrentTorrentOfOneFileFolder_LoadsWithItsInfoHashes(string mode)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var temp = new TempDirectory();
        temp.WriteRandomFile("data/folder/only file.bin", 300_000, seed: 31);
        var torrentPath = temp.Combine("folder.torrent");

        await LibtorrentScripts.CreateAsync(python, temp.Combine("data", "folder"), torrentPath, mode, 1 << 16);

        var ours = TorrentInfo.Load(torrentPath);
        var theirs = await LibtorrentScripts.CheckAsync(python, torrentPath, savePath: null);
        Assert.Equal(theirs.V1, ours.InfoHashes.V1?.ToHex());
        Assert.Equal(theirs.V2, ours.InfoHashes.V2?.ToHex());
        Assert.Equal(theirs.NumPieces, ours.PieceCount);
    }

    [Fact]
    public async Task OurHybridOfOneFileFolder_LibtorrentChecksItAsSeed()
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var temp = new TempDirectory();
        temp.WriteRandomFile("data/folder/only file.bin", 300_000, seed: 32);
        var ct = TestContext.Current.CancellationToken;
        var created = await TorrentBuilder.CreateAsync(temp.Combine("data", "folder"), new TorrentBuilderOptions { PieceLength = 1 << 16, Threads = 1 }, null, ct);
        var torrentPath = temp.Combine("ours.torrent");
        await File.WriteAllBytesAsync(torrentPath, created.Bytes.ToArray(), ct);

        var theirs = await LibtorrentScripts.CheckAsync(python, torrentPath, savePath: temp.Combine("data"));

        Assert.Equal(created.InfoHashes.V1?.ToHex(), theirs.V1);
        Assert.Equal(created.InfoHashes.V2?.ToHex(), theirs.V2);
        Assert.True(theirs.IsSeeding, $"libtorrent did not find our data complete: {theirs}");
    }
}
