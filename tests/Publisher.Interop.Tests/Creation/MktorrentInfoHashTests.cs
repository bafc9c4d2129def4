using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Interop.Tests.Creation;

/// <summary>For the same data, piece size and trackerless v1 settings our info hash equals mktorrent's.</summary>
public sealed class MktorrentInfoHashTests
{
    [Theory]
    [InlineData(false, 15)]
    [InlineData(true, 16)]
    [InlineData(true, 20)]
    public async Task CreateV1_SameSettingsAsMktorrent_SameInfoHash(bool multiFile, int log2PieceSize)
    {
        var mktorrent = ExternalTool.Require("mktorrent", "mktorrent");
        using var temp = new TempDirectory();
        var source = InteropPayloads.Write(temp, multiFile);
        var theirsPath = temp.Combine("mktorrent.torrent");
        var result = await ChildProcess.RunAsync(mktorrent, ["-l", log2PieceSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", theirsPath, source], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Output);

        var ours = await TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = 1 << log2PieceSize }, null, TestContext.Current.CancellationToken);

        Assert.Equal(TorrentInfo.Load(theirsPath).InfoHashes.V1, ours.InfoHashes.V1);
        Assert.NotNull(ours.InfoHashes.V1);
    }
}
