using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Interop.Tests.WebSeedClient;

/// <summary>Our web-seed-only downloader against a plain nginx serving the published files.</summary>
public sealed class NginxWebSeedDownloadTests : IDisposable
{
    private readonly TempDirectory _served = new("nginx-served");
    private readonly TempDirectory _target = new("nginx-target");

    public void Dispose()
    {
        _served.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task DownloadAsync_SingleFileWithSpacesAndNonAscii_IsByteIdentical()
    {
        var token = TestContext.Current.CancellationToken;
        const string name = "Säve Gäme €1.bin";
        var path = _served.WriteRandomFile(name, (3 << 20) + 12_345, 7);
        await using var nginx = await NginxWebSeed.StartAsync(_served.Path, token);
        // The url-list entry ends with '/', so the name is appended (BEP 19).
        var created = await TorrentBuilder.CreateAsync(path, new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = 256 * 1024, WebSeeds = [nginx.BaseUrl], Threads = 1 }, null, token);

        using var downloader = new WebSeedDownloader();
        var result = await downloader.DownloadAsync(created.Torrent, _target.Path, null, null, token);

        Assert.True(result.Completed, result.Error + "\n" + nginx.AccessLog);
        Assert.Equal(created.Torrent.PayloadSize, result.BytesFromWebSeeds);
        var expected = await File.ReadAllBytesAsync(path, token);
        var actual = await File.ReadAllBytesAsync(_target.Combine(name), token);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"'{name}' differs.");
        Assert.Contains("\" 206 ", nginx.AccessLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task DownloadAsync_MultiFileWithSpacesNonAsciiAndPadFiles_IsByteIdentical(TorrentFormat format)
    {
        var token = TestContext.Current.CancellationToken;
        const string name = "Release 1.0 — naïve";
        _served.WriteRandomFile(Path.Combine(name, "read me.txt"), 10_000, 1);
        _served.WriteRandomFile(Path.Combine(name, "données", "niveau #1.pak"), (2 << 20) + 777, 2);
        _served.WriteRandomFile(Path.Combine(name, "données", "日本語 ファイル.bin"), 300_001, 3);
        _served.WriteRandomFile(Path.Combine(name, "empty.dat"), 0, 4);
        await using var nginx = await NginxWebSeed.StartAsync(_served.Path, token);
        // A multi-file url-list entry is the base the torrent's folder sits under (no trailing slash here: one is added).
        var created = await TorrentBuilder.CreateAsync(_served.Combine(name), new TorrentBuilderOptions { Format = format, PieceLength = 64 * 1024, WebSeeds = [nginx.BaseUrl.TrimEnd('/')], Threads = 1 }, null, token);
        var torrent = TorrentInfo.Parse(created.Bytes);

        using var downloader = new WebSeedDownloader();
        var result = await downloader.DownloadAsync(torrent, _target.Path, null, null, token);

        Assert.True(result.Completed, result.Error + "\n" + nginx.AccessLog);
        foreach (var file in torrent.Files)
        {
            if (!file.IsPadFile)
            {
                var expected = await File.ReadAllBytesAsync(TorrentFilePaths.GetFullPath(_served.Path, file), token);
                var actual = await File.ReadAllBytesAsync(TorrentFilePaths.GetFullPath(_target.Path, file), token);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"'{file.PathString}' differs.");
            }
        }

        Assert.DoesNotContain(".pad", nginx.AccessLog, StringComparison.Ordinal);
        Assert.DoesNotContain("\" 404 ", nginx.AccessLog, StringComparison.Ordinal);
    }
}
