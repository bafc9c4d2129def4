using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo.Creation;

/// <summary><see cref="TorrentBuilderOptions.CopyDestination"/>: the files are copied in the same pass that hashes them.</summary>
public sealed class TorrentBuilderCopyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<TorrentFormat, int> Formats => new()
    {
        { TorrentFormat.Hybrid, 1 },
        { TorrentFormat.Hybrid, 4 },
        { TorrentFormat.V2, 2 },
        { TorrentFormat.V1, 2 },
        { TorrentFormat.V1, 3 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task CreateAsync_CopyDestination_CopiesEveryFileExactlyAndGivesTheSameTorrent(TorrentFormat format, int threads)
    {
        using var temp = new TempDirectory("publisher-copy");
        var source = temp.Combine("game");
        // Sizes around the 4 KiB block and the 32 KiB piece: partial last blocks, exact pieces, empty files.
        long[] sizes = [0, 1, 4095, 4096, 4097, 32_767, 32_768, 32_769, 200_000, 3 * 32_768];
        for (var i = 0; i < sizes.Length; i++)
        {
            temp.WriteRandomFile($"game/{(i % 2 == 0 ? "sub/" : string.Empty)}f{i}.bin", sizes[i], seed: 10 + i);
        }

        var options = new TorrentBuilderOptions { Format = format, PieceLength = 32_768, Threads = threads };
        var plain = await TorrentBuilder.CreateAsync(source, options, null, Token);
        var copied = await TorrentBuilder.CreateAsync(source, options with { CopyDestination = temp.Combine("out") }, null, Token);

        Assert.Equal(plain.Bytes.ToArray(), copied.Bytes.ToArray());
        foreach (var file in TorrentBuilder.ListFiles(source))
        {
            var copy = temp.Combine(["out", .. file.TorrentPath.Split('/')]);
            Assert.Equal(await File.ReadAllBytesAsync(file.FullPath, Token), await File.ReadAllBytesAsync(copy, Token));
        }
    }

    [Fact]
    public async Task CreateAsync_CopyOfASingleFile_LandsAtItsNameAndReplacesALongerFile()
    {
        using var temp = new TempDirectory("publisher-copy");
        var path = temp.WriteRandomFile("disk.img", 1_000_003, seed: 3);
        Directory.CreateDirectory(temp.Combine("out"));
        await File.WriteAllBytesAsync(temp.Combine("out", "disk.img"), new byte[2_000_000], Token);

        await TorrentBuilder.CreateAsync(path, new TorrentBuilderOptions { CopyDestination = temp.Combine("out"), PieceLength = 65_536 }, null, Token);

        Assert.Equal(await File.ReadAllBytesAsync(path, Token), await File.ReadAllBytesAsync(temp.Combine("out", "disk.img"), Token));
    }

    [Fact]
    public async Task CreateAsync_CopyDestinationNotWritable_ThrowsCreationExceptionNamingThePath()
    {
        using var temp = new TempDirectory("publisher-copy");
        temp.WriteRandomFile("game/a.bin", 10_000, seed: 4);
        // A file where the copy needs the folder 'game'.
        Directory.CreateDirectory(temp.Combine("out"));
        await File.WriteAllBytesAsync(temp.Combine("out", "game"), [1], Token);

        var error = await Assert.ThrowsAsync<TorrentCreationException>(
            () => TorrentBuilder.CreateAsync(temp.Combine("game"), new TorrentBuilderOptions { CopyDestination = temp.Combine("out") }, null, Token));

        Assert.Contains(temp.Combine("out", "game"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_Cancelled_StopsAndLeavesNoOpenFile()
    {
        using var temp = new TempDirectory("publisher-copy");
        var path = temp.WriteRandomFile("big.bin", 8_000_000, seed: 5);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new SynchronousProgress(_ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TorrentBuilder.CreateAsync(path, new TorrentBuilderOptions { CopyDestination = temp.Combine("out"), PieceLength = 65_536, Threads = 1 }, progress, cancel.Token));

        // The partial copy is there, and no handle of this process still has it open.
        var copy = temp.Combine("out", "big.bin");
        Assert.True(File.Exists(copy));
        Assert.DoesNotContain(copy, OpenFiles());
    }

    /// <summary>The files this process has open (Linux: the targets of /proc/self/fd).</summary>
    private static List<string> OpenFiles()
    {
        var open = new List<string>();
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target)
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed while listing.
            }
        }

        return open;
    }

    private sealed class SynchronousProgress(Action<TorrentCreationProgress> report) : IProgress<TorrentCreationProgress>
    {
        public void Report(TorrentCreationProgress value) => report(value);
    }
}
