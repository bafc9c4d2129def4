using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>The incremental SHA-1 of a run: the same verdicts as hashing whole pieces, however the bytes arrive.</summary>
public sealed class WebSeedPieceHasherTests : IDisposable
{
    private readonly TempDirectory _root = new("webseed-hasher");

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(TorrentFormat.V1, 1)]
    [InlineData(TorrentFormat.V1, 2)]
    [InlineData(TorrentFormat.Hybrid, 3)]
    public async Task Filled_RandomChunks_JudgesEveryPieceLikeTheWholePieceVerifier(TorrentFormat format, int seed)
    {
        var torrent = await WebSeedTestData.MultiAsync(_root, "multi", format, [], TestContext.Current.CancellationToken);
        var space = PieceSpace(torrent, _root.Path);
        space[(2 * torrent.PieceLength) + 7] ^= 0x5a;
        space[^1] ^= 0x01;
        var random = new Random(seed);
        using var hasher = new WebSeedPieceHasher(torrent);

        hasher.Begin(0, torrent.PieceCount, space);
        for (var position = 0; position < space.Length;)
        {
            var end = Math.Min(space.Length, position + random.Next(1, 3 * torrent.PieceLength / 2));
            hasher.Restart(position);
            hasher.Filled(position, end);
            position = end;
        }

        Assert.Equal(torrent.PieceCount, hasher.PiecesJudged);
        for (var piece = 0; piece < torrent.PieceCount; piece++)
        {
            var expected = WebSeedPieceVerifier.Verify(torrent, piece, space.AsSpan(piece * torrent.PieceLength, torrent.GetPieceSize(piece)));
            Assert.Equal(expected, hasher.IsGood(piece));
        }

        Assert.False(hasher.IsGood(2));
        Assert.False(hasher.IsGood(torrent.PieceCount - 1));
    }

    [Fact]
    public async Task Restart_BeforePiecesAlreadyJudged_JudgesThemAgainFromTheNewBytes()
    {
        var torrent = await WebSeedTestData.SingleAsync(_root, "one.bin", 70_000, [], TestContext.Current.CancellationToken);
        var good = await File.ReadAllBytesAsync(_root.Combine("one.bin"), TestContext.Current.CancellationToken);
        var buffer = (byte[])good.Clone();
        using var hasher = new WebSeedPieceHasher(torrent);
        hasher.Begin(0, torrent.PieceCount, buffer);
        hasher.Filled(0, 20_000);

        // An attempt from byte 20,000 sends garbage across the end of piece 1, then fails; the retry sends the real bytes.
        buffer.AsSpan(20_000, 20_000).Fill(0xee);
        hasher.Restart(20_000);
        hasher.Filled(20_000, 40_000);
        var judgedOnGarbage = hasher.PiecesJudged;
        var pieceOneOnGarbage = hasher.IsGood(1);
        good.AsSpan(20_000, 20_000).CopyTo(buffer.AsSpan(20_000));
        hasher.Restart(20_000);
        hasher.Filled(20_000, buffer.Length);

        Assert.Equal(2, judgedOnGarbage);
        Assert.False(pieceOneOnGarbage);
        Assert.Equal(torrent.PieceCount, hasher.PiecesJudged);
        for (var piece = 0; piece < torrent.PieceCount; piece++)
        {
            Assert.True(hasher.IsGood(piece), $"piece {piece}");
        }
    }

    [Fact]
    public async Task Begin_ARunInTheMiddle_JudgesItsPiecesAgainstTheirOwnHashes()
    {
        var torrent = await WebSeedTestData.SingleAsync(_root, "one.bin", 70_000, [], TestContext.Current.CancellationToken);
        var data = await File.ReadAllBytesAsync(_root.Combine("one.bin"), TestContext.Current.CancellationToken);
        var run = data.AsSpan(2 * torrent.PieceLength).ToArray();
        using var hasher = new WebSeedPieceHasher(torrent);

        hasher.Begin(2, torrent.PieceCount - 2, run);
        hasher.Filled(0, run.Length);

        Assert.Equal(torrent.PieceCount - 2, hasher.PiecesJudged);
        Assert.True(hasher.IsGood(0));
        Assert.True(hasher.IsGood(torrent.PieceCount - 3));
    }

    [Fact]
    public async Task Filled_AfterAGap_IsABug()
    {
        var torrent = await WebSeedTestData.SingleAsync(_root, "one.bin", 40_000, [], TestContext.Current.CancellationToken);
        using var hasher = new WebSeedPieceHasher(torrent);
        hasher.Begin(0, torrent.PieceCount, new byte[40_000]);
        hasher.Filled(0, 100);

        Assert.Throws<InvalidOperationException>(() => hasher.Filled(200, 300));
        Assert.Throws<ArgumentOutOfRangeException>(() => hasher.IsGood(0));
    }

    /// <summary>The torrent's piece space: every file's bytes in order, pad files as zeros.</summary>
    private static byte[] PieceSpace(TorrentInfo torrent, string directory)
    {
        var space = new byte[torrent.TotalSize];
        foreach (var file in torrent.Files)
        {
            if (!file.IsPadFile && file.Length > 0)
            {
                File.ReadAllBytes(TorrentFilePaths.GetFullPath(directory, file)).CopyTo(space, file.Offset);
            }
        }

        return space;
    }
}
