using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

public sealed class WebSeedRangePlannerTests
{
    [Fact]
    public async Task Split_EveryPiece_CoversItExactlyWithFileRangesAndPadding()
    {
        using var root = new TempDirectory("webseed-plan");
        var torrent = await WebSeedTestData.MultiAsync(root, "hybrid", TorrentFormat.Hybrid, [], TestContext.Current.CancellationToken);
        var segments = new List<WebSeedSegment>();
        Assert.Contains(torrent.Files, f => f.IsPadFile);

        for (var piece = 0; piece < torrent.PieceCount; piece++)
        {
            var offset = (long)piece * torrent.PieceLength;
            var size = torrent.GetPieceSize(piece);
            WebSeedRangePlanner.Split(torrent, offset, size, segments);

            var covered = 0;
            foreach (var segment in segments)
            {
                var file = torrent.Files[segment.FileIndex];
                Assert.Equal(covered, segment.BufferOffset);
                Assert.Equal(offset + covered, file.Offset + segment.FileOffset);
                Assert.True(segment.Length > 0);
                Assert.True(segment.FileOffset + segment.Length <= file.Length);
                Assert.Equal(file.IsPadFile, segment.IsPadding);
                covered += segment.Length;
            }

            Assert.Equal(size, covered);
        }
    }

    [Fact]
    public async Task Split_RangeAcrossFiles_GivesOneSegmentPerFileAndSkipsEmptyFiles()
    {
        using var root = new TempDirectory("webseed-plan");
        var torrent = await WebSeedTestData.MultiAsync(root, "v1", TorrentFormat.V1, [], TestContext.Current.CancellationToken);
        var segments = new List<WebSeedSegment>();
        var empty = torrent.Files.ToList().FindIndex(f => f.Length == 0);
        var before = torrent.Files[empty - 1];
        var after = torrent.Files[empty + 1];

        // From the last 100 bytes of the file before the empty one to 10 bytes into the second file after it.
        WebSeedRangePlanner.Split(torrent, before.EndOffset - 100, 100 + (int)after.Length + 10, segments);

        Assert.Equal(3, segments.Count);
        Assert.Equal((empty - 1, before.Length - 100, 100), (segments[0].FileIndex, segments[0].FileOffset, segments[0].Length));
        Assert.Equal((empty + 1, 0L, (int)after.Length), (segments[1].FileIndex, segments[1].FileOffset, segments[1].Length));
        Assert.Equal((empty + 2, 0L, 10), (segments[2].FileIndex, segments[2].FileOffset, segments[2].Length));
    }

    [Fact]
    public async Task Split_PastTheEnd_Throws()
    {
        using var root = new TempDirectory("webseed-plan");
        var torrent = await WebSeedTestData.SingleAsync(root, "one.bin", 1000, [], TestContext.Current.CancellationToken);

        Assert.Throws<ArgumentOutOfRangeException>(() => WebSeedRangePlanner.Split(torrent, 900, 101, []));
    }

    [Theory]
    [InlineData(1, 16 * 1024 * 1024, 6)]
    [InlineData(4, 16 * 1024 * 1024, 1)]
    [InlineData(1, 32 * 1024, 2)]
    public async Task PiecesPerRun_LimitAndConnections_BoundTheRun(int connections, int maxRunBytes, int expected)
    {
        using var root = new TempDirectory("webseed-plan");
        // 200,000 bytes in 16 KiB pieces: 13 pieces.
        var torrent = await WebSeedTestData.SingleAsync(root, "one.bin", 200_000, [], TestContext.Current.CancellationToken);

        Assert.Equal(expected, WebSeedRangePlanner.PiecesPerRun(torrent, connections, maxRunBytes));
    }
}
