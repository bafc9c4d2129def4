using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;
using Xunit;

namespace Publisher.Torrent.Tests.Storage;

public sealed class LayoutVerifierTests
{
    private const int PieceLength = 32768;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.V2)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task RunAsync_IntactData_Complete(TorrentFormat format)
    {
        using var temp = new TempDirectory();
        var layout = await CreateAsync(temp, format);

        var report = await LayoutVerifier.RunAsync(layout, temp.Path, 2, null, Token);

        Assert.True(report.IsComplete);
        Assert.Empty(report.BadPieces);
        Assert.Equal(4, report.Files.Count);
        Assert.All(report.Files, f => Assert.Equal(FileVerificationStatus.Ok, f.Status));
    }

    [Theory]
    [InlineData(TorrentFormat.V1, 4)]
    [InlineData(TorrentFormat.V2, 5)]
    [InlineData(TorrentFormat.Hybrid, 5)]
    public async Task RunAsync_OneByteCorrupted_ExactlyThatPieceAndFile(TorrentFormat format, int expectedPiece)
    {
        using var temp = new TempDirectory();
        var layout = await CreateAsync(temp, format);
        // "c.bin" (100 000 bytes) starts at 60 000 in v1, at piece 3 (98 304) when aligned; its byte 95 000 is in piece 4 (v1) or 5 (aligned).
        FlipByte(temp.Combine("pack", "c.bin"), 95_000);

        var report = await LayoutVerifier.RunAsync(layout, temp.Path, 2, null, Token);

        Assert.False(report.IsComplete);
        Assert.Equal([expectedPiece], report.BadPieces);
        Assert.Equal(FileVerificationStatus.Corrupt, Status(report, "pack/c.bin"));
        Assert.Equal(3, report.Files.Count(f => f.Status == FileVerificationStatus.Ok));
    }

    [Fact]
    public async Task RunAsync_MissingAndShortFiles_ReportedNotThrown()
    {
        using var temp = new TempDirectory();
        var layout = await CreateAsync(temp, TorrentFormat.Hybrid);
        File.Delete(temp.Combine("pack", "a.bin"));
        File.Delete(temp.Combine("pack", "empty"));
        using (var stream = new FileStream(temp.Combine("pack", "c.bin"), FileMode.Open))
        {
            stream.SetLength(50_000);
        }

        var report = await LayoutVerifier.RunAsync(layout, temp.Path, 2, null, Token);

        Assert.Equal(FileVerificationStatus.Missing, Status(report, "pack/a.bin"));
        Assert.Equal(FileVerificationStatus.Missing, Status(report, "pack/empty"));
        Assert.Equal(FileVerificationStatus.WrongSize, Status(report, "pack/c.bin"));
        Assert.Equal(FileVerificationStatus.Ok, Status(report, "pack/b.bin"));
        Assert.Equal([0, 1, 4, 5, 6], report.BadPieces);
    }

    [Fact]
    public async Task RunAsync_V1MissingFileSharingAPiece_NeighbourNotBlamed()
    {
        using var temp = new TempDirectory();
        var layout = await CreateAsync(temp, TorrentFormat.V1);
        // v1: a.bin is 0..40 000, b.bin 40 000..60 000, c.bin from 60 000: piece 1 holds part of all three.
        File.Delete(temp.Combine("pack", "b.bin"));

        var report = await LayoutVerifier.RunAsync(layout, temp.Path, 2, null, Token);

        Assert.Equal([1], report.BadPieces);
        Assert.Equal(FileVerificationStatus.Missing, Status(report, "pack/b.bin"));
        Assert.Equal(FileVerificationStatus.Ok, Status(report, "pack/a.bin"));
        Assert.Equal(FileVerificationStatus.Ok, Status(report, "pack/c.bin"));
    }

    [Fact]
    public async Task RunAsync_V1CorruptByteInASharedPiece_EveryFileInThePieceSuspect()
    {
        using var temp = new TempDirectory();
        var layout = await CreateAsync(temp, TorrentFormat.V1);
        // Piece 1 (32 768..65 535) holds the end of a.bin, all of b.bin and the start of c.bin: v1 cannot tell which.
        FlipByte(temp.Combine("pack", "b.bin"), 10);

        var report = await LayoutVerifier.RunAsync(layout, temp.Path, 2, null, Token);

        Assert.Equal([1], report.BadPieces);
        Assert.Equal(FileVerificationStatus.Corrupt, Status(report, "pack/a.bin"));
        Assert.Equal(FileVerificationStatus.Corrupt, Status(report, "pack/b.bin"));
        Assert.Equal(FileVerificationStatus.Corrupt, Status(report, "pack/c.bin"));
        Assert.Equal(FileVerificationStatus.Ok, Status(report, "pack/empty"));
    }

    [Fact]
    public async Task RunAsync_WholeDirectoryMissing_EveryFileMissing()
    {
        using var temp = new TempDirectory();
        var layout = await CreateAsync(temp, TorrentFormat.V1);
        Directory.Delete(temp.Combine("pack"), recursive: true);

        var report = await LayoutVerifier.RunAsync(layout, temp.Path, 1, null, Token);

        Assert.All(report.Files, f => Assert.Equal(FileVerificationStatus.Missing, f.Status));
        Assert.Equal(report.PieceCount, report.BadPieces.Count);
    }

    [Fact]
    public async Task RunAsync_ZerosWhereAFileIsMissing_StillBad()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("z"));
        await File.WriteAllBytesAsync(temp.Combine("z", "zeros"), new byte[40_000], Token);
        var created = await StorageTestTorrents.CreateAsync(temp.Combine("z"), TorrentFormat.V1, PieceLength, Token);
        File.Delete(temp.Combine("z", "zeros"));

        var report = await LayoutVerifier.RunAsync(created, temp.Path, 1, null, Token);

        Assert.Equal([0, 1], report.BadPieces);
    }

    private static async Task<StorageLayout> CreateAsync(TempDirectory temp, TorrentFormat format)
    {
        temp.WriteRandomFile("pack/a.bin", 40_000, seed: 1);
        temp.WriteRandomFile("pack/b.bin", 20_000, seed: 2);
        temp.WriteRandomFile("pack/c.bin", 100_000, seed: 3);
        temp.WriteRandomFile("pack/empty", 0, seed: 4);
        return await StorageTestTorrents.CreateAsync(temp.Combine("pack"), format, PieceLength, Token);
    }

    private static FileVerificationStatus Status(VerificationReport report, string path) => report.Files.Single(f => f.Path == path).Status;

    internal static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }
}
