using Publisher.Service.Releases;

namespace Publisher.Service.Tests.Releases;

public sealed class ReleasePublisherSampleTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 5)]
    [InlineData(1000, ReleasePublisher.SpotCheckPieces + 2)]
    public void SamplePieces_AnyTorrent_FirstLastAndDistinctOthersAscending(int pieceCount, int expected)
    {
        var sample = ReleasePublisher.SamplePieces(pieceCount, ReleasePublisher.SpotCheckPieces);

        Assert.Equal(expected, sample.Length);
        Assert.Equal(0, sample[0]);
        Assert.Equal(pieceCount - 1, sample[^1]);
        Assert.Equal(sample.Distinct().Order(), sample);
        Assert.All(sample, piece => Assert.InRange(piece, 0, pieceCount - 1));
    }

    [Fact]
    public void SamplePieces_SameTorrentTwice_DrawsOtherPieces()
    {
        // 998 pieces to draw 4 from: ten equal samples in a row would mean the draw is not random.
        var first = ReleasePublisher.SamplePieces(1000, ReleasePublisher.SpotCheckPieces);
        var differs = false;
        for (var i = 0; i < 10 && !differs; i++)
        {
            differs = !first.SequenceEqual(ReleasePublisher.SamplePieces(1000, ReleasePublisher.SpotCheckPieces));
        }

        Assert.True(differs, "the spot-check sample is the same every time, so a client could predict it");
    }
}
