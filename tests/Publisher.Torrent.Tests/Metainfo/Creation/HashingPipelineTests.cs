using System.Security.Cryptography;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo.Creation;

public sealed class HashingPipelineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunAsync_V1MultiFile_PiecesSpanFilesLikeOneStream(int threads)
    {
        using var temp = new TempDirectory();
        var files = WriteFiles(temp, [40_000, 0, 70_000, 5]);
        var layout = new CreationLayout(files, 16384, TorrentFormat.V1);

        var hashes = await HashingPipeline.RunAsync(layout, threads, null, null, TestContext.Current.CancellationToken);

        var stream = Concatenate(files, layout);
        Assert.Equal(110_005, stream.Length);
        Assert.Equal(ExpectedV1(stream, 16384), hashes.V1Pieces);
        Assert.Null(hashes.PieceHashes);
    }

    [Fact]
    public async Task RunAsync_Hybrid_PadsFilesAndMatchesNaiveMerkle()
    {
        using var temp = new TempDirectory();
        var files = WriteFiles(temp, [100_000, 0, 16384, 300, 70_000]);
        var layout = new CreationLayout(files, 32768, TorrentFormat.Hybrid);

        var hashes = await HashingPipeline.RunAsync(layout, 2, null, null, TestContext.Current.CancellationToken);

        Assert.Equal([0L, 100_000 + 31_072, 131_072, 131_072 + 16384 + 16384, 131_072 + 65_536], layout.Offsets);
        var stream = Concatenate(files, layout);
        Assert.Equal(ExpectedV1(stream, 32768), hashes.V1Pieces);
        for (var i = 0; i < files.Length; i++)
        {
            var data = File.ReadAllBytes(files[i].FullPath);
            if (data.Length == 0)
            {
                Assert.Null(hashes.FileRoots![i]);
                continue;
            }

            Assert.Equal(NaiveMerkle.FileRoot(data), hashes.FileRoots![i]);
            if (data.Length > 32768)
            {
                Assert.Equal(NaiveMerkle.PieceLayer(data, 32768), hashes.PieceLayers![i]);
            }
            else
            {
                Assert.Null(hashes.PieceLayers![i]);
            }
        }
    }

    [Fact]
    public async Task RunAsync_V2_ComputesNoV1PiecesAndReportsProgressToTheEnd()
    {
        using var temp = new TempDirectory();
        var files = WriteFiles(temp, [5 * 1024 * 1024 + 17]);
        var layout = new CreationLayout(files, 65536, TorrentFormat.V2);
        var reports = new List<TorrentCreationProgress>();
        var progress = new SynchronousProgress(reports);

        var hashes = await HashingPipeline.RunAsync(layout, 2, progress, null, TestContext.Current.CancellationToken);

        Assert.Null(hashes.V1Pieces);
        var data = File.ReadAllBytes(files[0].FullPath);
        Assert.Equal(NaiveMerkle.FileRoot(data), hashes.FileRoots![0]);
        lock (reports)
        {
            Assert.Contains(reports, r => r.BytesHashed == layout.TotalLength && r.TotalBytes == layout.TotalLength);
        }
    }

    [Fact]
    public async Task RunAsync_FileShorterThanScanned_ThrowsCreationException()
    {
        using var temp = new TempDirectory();
        var files = WriteFiles(temp, [50_000]);
        var shrunk = new[] { files[0] with { Length = 60_000 } };
        var layout = new CreationLayout(shrunk, 16384, TorrentFormat.V1);

        var error = await Assert.ThrowsAsync<TorrentCreationException>(
            () => HashingPipeline.RunAsync(layout, 2, null, null, TestContext.Current.CancellationToken));

        Assert.Contains("changed size", error.Message, StringComparison.Ordinal);
    }

    internal static SourceFile[] WriteFiles(TempDirectory temp, long[] lengths)
    {
        var files = new SourceFile[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            var name = $"f{i}";
            var path = temp.WriteRandomFile(name, lengths[i], seed: i + 1);
            files[i] = new SourceFile(path, [name], lengths[i]);
        }

        return files;
    }

    private static byte[] Concatenate(SourceFile[] files, CreationLayout layout)
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < files.Length; i++)
        {
            stream.Write(File.ReadAllBytes(files[i].FullPath));
            stream.Write(new byte[layout.Padding[i]]);
        }

        return stream.ToArray();
    }

    private static byte[] ExpectedV1(byte[] stream, int pieceLength)
    {
        using var pieces = new MemoryStream();
        for (var offset = 0; offset < stream.Length; offset += pieceLength)
        {
            pieces.Write(SHA1.HashData(stream.AsSpan(offset, Math.Min(pieceLength, stream.Length - offset))));
        }

        return pieces.ToArray();
    }

    private sealed class SynchronousProgress(List<TorrentCreationProgress> reports) : IProgress<TorrentCreationProgress>
    {
        public void Report(TorrentCreationProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
