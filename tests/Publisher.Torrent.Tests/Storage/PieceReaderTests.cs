using Publisher.TestSupport;
using Publisher.Torrent.Storage;
using Xunit;

namespace Publisher.Torrent.Tests.Storage;

public sealed class PieceReaderTests
{
    [Fact]
    public void Read_RangeAcrossFilesAndPadding_StitchesBytesAndZeros()
    {
        using var temp = new TempDirectory();
        var a = File.ReadAllBytes(temp.WriteRandomFile("t/a", 10, seed: 1));
        var b = File.ReadAllBytes(temp.WriteRandomFile("t/b", 20, seed: 2));
        var layout = new StorageLayout(
            [Data("a", 10), Pad(6), Data("b", 20)],
            pieceLength: 16,
            v1Pieces: new byte[40],
            hasV2: false);
        using var reader = new PieceReader(layout, temp.Path);
        var buffer = new byte[28];

        var complete = reader.Read(4, buffer);

        Assert.True(complete);
        Assert.Equal([.. a.AsSpan(4).ToArray(), .. new byte[6], .. b.AsSpan(0, 16).ToArray()], buffer);
    }

    [Fact]
    public void Read_MissingOrShortFile_IncompleteWithZeros()
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("t/a", 5, seed: 1);
        var layout = new StorageLayout([Data("a", 10), Data("missing", 10)], pieceLength: 20, v1Pieces: new byte[20], hasV2: false);
        using var reader = new PieceReader(layout, temp.Path);
        var buffer = new byte[20];
        Array.Fill(buffer, (byte)0xEE);

        Assert.False(reader.Read(0, buffer.AsSpan(0, 10)));
        Assert.Equal(new byte[5], buffer.AsSpan(5, 5).ToArray());
        Assert.False(reader.Read(10, buffer.AsSpan(10, 10)));
        Assert.Equal(new byte[10], buffer.AsSpan(10, 10).ToArray());
    }

    [Fact]
    public void Read_PastTheEnd_Throws()
    {
        using var temp = new TempDirectory();
        var layout = new StorageLayout([Data("a", 10)], pieceLength: 16, v1Pieces: new byte[20], hasV2: false);
        using var reader = new PieceReader(layout, temp.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(5, new byte[6]));
    }

    private static StorageFile Data(string name, long length) => new(["t", name], length, false, default, default);

    private static StorageFile Pad(long length) => new(["t", ".pad", length.ToString(System.Globalization.CultureInfo.InvariantCulture)], length, true, default, default);
}
