using System.Security.Cryptography;
using Publisher.TestSupport;
using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo.Creation;

public sealed class TorrentBuilderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_V1SingleFile_WritesLengthPiecesAndInfoHash()
    {
        using var temp = new TempDirectory();
        var path = temp.WriteRandomFile("data.bin", 100_000, seed: 1);
        var options = new TorrentBuilderOptions { Format = TorrentFormat.V1, PieceLength = 32768, Threads = 2 };

        var created = await TorrentBuilder.CreateAsync(path, options, null, Token);

        var root = BencodeDecoder.DecodeDictionary(created.Bytes);
        var info = (BDictionary)root["info"];
        Assert.Equal("data.bin", info["name"].ToString());
        Assert.Equal(100_000, ((BInteger)info["length"]).Value);
        Assert.Equal(32768, ((BInteger)info["piece length"]).Value);
        Assert.Equal(4 * 20, ((BString)info["pieces"]).Length);
        Assert.False(info.ContainsKey("files"));
        Assert.False(info.ContainsKey("file tree"));
        Assert.Equal(SHA1.HashData(info.Source.Span), created.InfoHashes.V1!.Value.ToArray());
        Assert.Null(created.InfoHashes.V2);
        Assert.False(root.ContainsKey("creation date"));
        Assert.Equal(4, created.Torrent.PieceCount);
    }

    [Fact]
    public async Task CreateAsync_HybridDirectory_PadsEveryFileButTheLastAndAgreesWithV2Tree()
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("release");
        temp.WriteRandomFile("release/b file.bin", 40_000, seed: 2);
        temp.WriteRandomFile("release/a/ünïcödé.txt", 20_000, seed: 3);
        temp.WriteRandomFile("release/empty", 0, seed: 4);
        temp.WriteRandomFile("release/zz", 70_000, seed: 5);
        var options = new TorrentBuilderOptions { PieceLength = 32768, Threads = 2 };

        var created = await TorrentBuilder.CreateAsync(dir, options, null, Token);

        var root = BencodeDecoder.DecodeDictionary(created.Bytes);
        var info = (BDictionary)root["info"];
        Assert.Equal(2, ((BInteger)info["meta version"]).Value);
        var files = (BList)info["files"];
        var described = new List<string>();
        foreach (BDictionary file in files)
        {
            var path = string.Join('/', ((BList)file["path"]).Select(p => p.ToString()));
            var attr = file.TryGetValue("attr", out var a) ? a.ToString() : string.Empty;
            described.Add($"{path}:{((BInteger)file["length"]).Value}:{attr}");
        }

        Assert.Equal(
            ["a/ünïcödé.txt:20000:", ".pad/12768:12768:p", "b file.bin:40000:", ".pad/25536:25536:p", "empty:0:", "zz:70000:"],
            described);
        var tree = (BDictionary)info["file tree"];
        var unicode = (BDictionary)((BDictionary)((BDictionary)tree["a"])["ünïcödé.txt"])[string.Empty];
        Assert.Equal(NaiveMerkle.FileRoot(File.ReadAllBytes(temp.Combine("release", "a", "ünïcödé.txt"))), ((BString)unicode["pieces root"]).Span.ToArray());
        var empty = (BDictionary)((BDictionary)tree["empty"])[string.Empty];
        Assert.False(empty.ContainsKey("pieces root"));
        var layers = (BDictionary)root["piece layers"];
        Assert.Equal(2, layers.Count);
        var zz = File.ReadAllBytes(temp.Combine("release", "zz"));
        Assert.True(layers.TryGetValue(NaiveMerkle.FileRoot(zz), out var layer));
        Assert.Equal(NaiveMerkle.PieceLayer(zz, 32768), ((BString)layer).Span.ToArray());
        Assert.Equal(SHA256.HashData(info.Source.Span), created.InfoHashes.V2!.Value.ToArray());
        Assert.Equal(130_000, created.Torrent.PayloadSize);
        Assert.Equal(created.InfoHashes, TorrentInfo.Parse(created.Bytes).InfoHashes);
    }

    [Theory]
    [InlineData(TorrentFormat.Hybrid)]
    [InlineData(TorrentFormat.V1)]
    public async Task CreateAsync_FolderWithOneFile_IsAFolderTorrent(TorrentFormat format)
    {
        // A folder holding one file: v2's file tree alone cannot tell it from a single file, so a hybrid's v1 part
        // decides (as libtorrent does). Before the fix the parser refused such hybrids as damaged.
        using var temp = new TempDirectory();
        temp.WriteRandomFile("release/only.bin", 50_000, seed: 21);

        var created = await TorrentBuilder.CreateAsync(temp.Combine("release"), new TorrentBuilderOptions { Format = format, PieceLength = 16384, Threads = 1 }, null, Token);

        var parsed = TorrentInfo.Parse(created.Bytes);
        Assert.False(parsed.IsSingleFile);
        Assert.Equal("release", parsed.Name);
        Assert.Equal(["release", "only.bin"], parsed.Files[0].Path);
    }

    [Fact]
    public async Task CreateAsync_V2_WritesNoV1Keys()
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("d/one", 50_000, seed: 6);
        temp.WriteRandomFile("d/two", 10, seed: 7);

        var created = await TorrentBuilder.CreateAsync(temp.Combine("d"), new TorrentBuilderOptions { Format = TorrentFormat.V2, PieceLength = 16384 }, null, Token);

        var info = (BDictionary)BencodeDecoder.DecodeDictionary(created.Bytes)["info"];
        Assert.False(info.ContainsKey("pieces"));
        Assert.False(info.ContainsKey("files"));
        Assert.True(info.ContainsKey("file tree"));
        Assert.Null(created.InfoHashes.V1);
        Assert.Equal(5, created.Torrent.PieceCount);
    }

    [Fact]
    public async Task CreateAsync_SameInputTwice_SameBytes()
    {
        using var temp = new TempDirectory();
        for (var i = 0; i < 12; i++)
        {
            temp.WriteRandomFile($"d/sub{i % 3}/file {i}", 3000 * i, seed: i);
        }

        var options = new TorrentBuilderOptions
        {
            Trackers = [["http://127.0.0.1:1/announce"], ["udp://127.0.0.1:2"]],
            WebSeeds = ["http://127.0.0.1:3/seed/"],
            Private = true,
            Comment = "test",
            CreatedBy = "tests",
        };

        var first = await TorrentBuilder.CreateAsync(temp.Combine("d"), options with { Threads = 1 }, null, Token);
        var second = await TorrentBuilder.CreateAsync(temp.Combine("d"), options with { Threads = 4 }, null, Token);

        Assert.Equal(first.Bytes.ToArray(), second.Bytes.ToArray());
        var parsed = TorrentInfo.Parse(first.Bytes);
        Assert.Equal(first.InfoHashes, parsed.InfoHashes);
        Assert.Equal(2, parsed.Trackers.Count);
        var root = BencodeDecoder.DecodeDictionary(first.Bytes);
        Assert.Equal("http://127.0.0.1:1/announce", root["announce"].ToString());
        Assert.Equal(2, ((BList)root["announce-list"]).Count);
        Assert.Equal("http://127.0.0.1:3/seed/", root["url-list"].ToString());
        Assert.Equal(1, ((BInteger)((BDictionary)root["info"])["private"]).Value);
        Assert.Equal("test", root["comment"].ToString());
    }

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.V2)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task CreateAsync_AnyFormat_ParsesBackWithSameInfoHashes(TorrentFormat format)
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("d/x y/ä.bin", 100_000, seed: 1);
        temp.WriteRandomFile("d/b", 16384, seed: 2);
        temp.WriteRandomFile("d/c", 1, seed: 3);

        var created = await TorrentBuilder.CreateAsync(temp.Combine("d"), new TorrentBuilderOptions { Format = format, PieceLength = 16384 }, null, Token);

        var parsed = TorrentInfo.Parse(created.Bytes.ToArray());
        Assert.Equal(created.InfoHashes, parsed.InfoHashes);
        Assert.Equal(format switch { TorrentFormat.V1 => TorrentVersion.V1, TorrentFormat.V2 => TorrentVersion.V2, _ => TorrentVersion.Hybrid }, parsed.Version);
        Assert.Equal(116_385, parsed.PayloadSize);
        Assert.Equal(created.Bytes.ToArray(), parsed.ToBytes());
    }

    [Theory]
    [InlineData(TorrentFormat.V2)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task CreateAsync_TrailingEmptyFile_PadsTheLastNonEmptyFileAndParsesBack(TorrentFormat format)
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("d/a", 100, seed: 1);
        temp.WriteRandomFile("d/z", 0, seed: 2);

        var created = await TorrentBuilder.CreateAsync(temp.Combine("d"), new TorrentBuilderOptions { Format = format, PieceLength = 16384 }, null, Token);

        var parsed = TorrentInfo.Parse(created.Bytes);
        Assert.Equal(created.InfoHashes, parsed.InfoHashes);
        Assert.Equal(1, parsed.PieceCount);
        Assert.Equal(["d/a", "d/z"], parsed.Files.Where(f => !f.IsPadFile).Select(f => f.PathString));
    }

    [Fact]
    public async Task CreateAsync_CreationDate_WrittenAsUnixSeconds()
    {
        using var temp = new TempDirectory();
        var path = temp.WriteRandomFile("x", 10, seed: 1);

        var created = await TorrentBuilder.CreateAsync(path, new TorrentBuilderOptions { CreationDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) }, null, Token);

        Assert.Equal(1_700_000_000, ((BInteger)BencodeDecoder.DecodeDictionary(created.Bytes)["creation date"]).Value);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("emptydir")]
    [InlineData("zerobytes")]
    public async Task CreateAsync_NothingToShare_ThrowsCreationException(string what)
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("emptydir"));
        temp.WriteRandomFile("zerobytes/a", 0, seed: 1);

        var error = await Assert.ThrowsAsync<TorrentCreationException>(() => TorrentBuilder.CreateAsync(temp.Combine(what), null, null, Token));

        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d/CON")]
    [InlineData("d/sub/what?.txt")]
    [InlineData("d/trailing.")]
    public async Task CreateAsync_NameNoTorrentMayHold_ThrowsBeforeHashing(string badFile)
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("d/fine", 10, seed: 1);
        temp.WriteRandomFile(badFile, 10, seed: 2);

        var error = await Assert.ThrowsAsync<TorrentCreationException>(() => TorrentBuilder.CreateAsync(temp.Combine("d"), null, null, Token));

        Assert.Contains(Path.GetFileName(badFile), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_SymbolicLinks_FilesFollowedDirectoriesNot()
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("d/sub/real", 1000, seed: 1);
        File.CreateSymbolicLink(temp.Combine("d", "file link"), temp.Combine("d", "sub", "real"));
        Directory.CreateSymbolicLink(temp.Combine("d", "sub", "loop"), temp.Combine("d"));

        var created = await TorrentBuilder.CreateAsync(temp.Combine("d"), new TorrentBuilderOptions { Format = TorrentFormat.V1 }, null, Token);

        Assert.Equal(["d/file link", "d/sub/real"], created.Torrent.Files.Select(f => f.PathString));
        Assert.Equal(2000, created.Torrent.PayloadSize);
        var single = await TorrentBuilder.CreateAsync(temp.Combine("d", "file link"), null, null, Token);
        Assert.Equal(1000, single.Torrent.PayloadSize);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(16383)]
    [InlineData(128 * 1024 * 1024)]
    public async Task CreateAsync_BadPieceLength_ThrowsCreationException(int pieceLength)
    {
        using var temp = new TempDirectory();
        var path = temp.WriteRandomFile("x", 10, seed: 1);

        await Assert.ThrowsAsync<TorrentCreationException>(() => TorrentBuilder.CreateAsync(path, new TorrentBuilderOptions { PieceLength = pieceLength }, null, Token));
    }

    [Fact]
    public async Task CreateAsync_Cancelled_Throws()
    {
        using var temp = new TempDirectory();
        var path = temp.WriteRandomFile("x", 1 << 20, seed: 1);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TorrentBuilder.CreateAsync(path, null, null, cts.Token));
    }
}
