using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo.Creation;

public sealed class PieceLengthTableTests
{
    [Theory]
    [InlineData(0L, 16384)]
    [InlineData(1L, 16384)]
    [InlineData(32_768_000L, 16384)]
    [InlineData(32_768_001L, 32768)]
    [InlineData(1L << 30, 1 << 20)]
    [InlineData(4L << 30, 4 << 20)]
    [InlineData(1L << 40, 16 << 20)]
    public void Choose_Size_ExpectedPieceLength(long size, int expected)
    {
        Assert.Equal(expected, PieceLengthTable.Choose(size));
    }

    [Theory]
    [InlineData(100_000_000L)]
    [InlineData(3_000_000_000L)]
    [InlineData(20_000_000_000L)]
    public void Choose_UnclampedSizes_GiveMoreThan1000AndAtMost2000Pieces(long size)
    {
        var pieces = (size + PieceLengthTable.Choose(size) - 1) / PieceLengthTable.Choose(size);

        Assert.InRange(pieces, 1001, 2000);
    }

    [Theory]
    [InlineData(16384, true)]
    [InlineData(1 << 26, true)]
    [InlineData(1 << 27, false)]
    [InlineData(8192, false)]
    [InlineData(49152, false)]
    public void IsValid_PieceLength_PowersOfTwoInRange(long pieceLength, bool valid)
    {
        Assert.Equal(valid, PieceLengthTable.IsValid(pieceLength));
    }
}
