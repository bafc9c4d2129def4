using Publisher.Service.Releases;

namespace Publisher.Service.Tests.Releases;

public sealed class ReleasePublisherSampleTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 5)]
    [InlineData(1000, ReleasePublisher.SpotCheckPieces + 2)]
    public void SamplePieces_AnyTorrent_FirstLastAndDistinctOthersSameEveryTime(int pieceCount, int expected)
    {
        var hash = new byte[20];
        new Random(pieceCount).NextBytes(hash);

        var sample = ReleasePublisher.SamplePieces(pieceCount, hash, ReleasePublisher.SpotCheckPieces);

        Assert.Equal(expected, sample.Length);
        Assert.Equal(0, sample[0]);
        Assert.Equal(pieceCount - 1, sample[^1]);
        Assert.Equal(sample.Distinct().Order(), sample);
        Assert.Equal(sample, ReleasePublisher.SamplePieces(pieceCount, hash, ReleasePublisher.SpotCheckPieces));
    }
}
