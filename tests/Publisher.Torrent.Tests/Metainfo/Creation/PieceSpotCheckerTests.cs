using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo.Creation;

public sealed class PieceSpotCheckerTests : IDisposable
{
    private readonly TempDirectory _directory = new("publisher-spot");

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.V2)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task Check_EveryPieceFromItsSegments_MatchesAndAFlippedByteDoesNot(TorrentFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        _directory.WriteRandomFile("set/a.bin", 70_000, 1);
        _directory.WriteRandomFile("set/b.bin", 16_384, 2);
        _directory.WriteRandomFile("set/c/d.bin", 100_001, 3);
        var created = await TorrentBuilder.CreateAsync(_directory.Combine("set"), new TorrentBuilderOptions { Format = format, PieceLength = 32 * 1024 }, null, ct);
        var files = TorrentBuilder.ListFiles(_directory.Combine("set"));
        using var checker = new PieceSpotChecker(created.Torrent);

        Assert.Equal(created.Torrent.PieceCount, checker.PieceCount);
        for (var piece = 0; piece < checker.PieceCount; piece++)
        {
            var data = new byte[checker.PieceSize(piece)];
            foreach (var segment in checker.Segments(piece))
            {
                var path = created.Torrent.Files[segment.FileIndex].PathString;
                var source = files.Single(f => f.TorrentPath == path).FullPath;
                await using var stream = File.OpenRead(source);
                stream.Position = segment.FileOffset;
                await stream.ReadExactlyAsync(data.AsMemory(segment.PieceOffset, segment.Length), ct);
            }

            Assert.True(checker.Check(piece, data), $"piece {piece}");
            data[data.Length / 2] ^= 0x5a;
            Assert.False(checker.Check(piece, data), $"piece {piece} altered");
            Assert.False(checker.Check(piece, data.AsSpan(1)), $"piece {piece} short");
        }
    }

    public void Dispose() => _directory.Dispose();
}
