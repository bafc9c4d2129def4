using System.Security.Cryptography;
using System.Text;
using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class TorrentInfoTests
{
    [Fact]
    public void Parse_V1SingleFile_ReadsEveryField()
    {
        var file = TestTorrents.File("movie.mkv", 100_000, 7);
        var info = TestTorrents.V1Info("movie.mkv", [file], 16 * 1024, single: true, extra: ("private", 1));
        var bytes = TestTorrents.TorrentFile(
            info,
            null,
            ("announce", "http://tracker.example/announce"),
            ("comment", "a comment"),
            ("created by", "tests"),
            ("creation date", 1_700_000_000),
            ("url-list", "http://seed.example/files/"));

        var torrent = TorrentInfo.Parse(bytes);

        Assert.Equal(TorrentVersion.V1, torrent.Version);
        Assert.Equal(SHA1.HashData(info.Encode()), torrent.InfoHashes.V1!.Value.ToArray());
        Assert.Null(torrent.InfoHashes.V2);
        Assert.Equal("movie.mkv", torrent.Name);
        Assert.True(torrent.IsSingleFile);
        Assert.True(torrent.IsPrivate);
        Assert.Equal(16 * 1024, torrent.PieceLength);
        Assert.Equal(100_000, torrent.TotalSize);
        Assert.Equal(7, torrent.PieceCount);
        Assert.Equal(100_000 - (6 * 16 * 1024), torrent.GetPieceSize(6));
        var only = Assert.Single(torrent.Files);
        Assert.Equal(["movie.mkv"], only.Path);
        Assert.Equal(0, only.Offset);
        Assert.Equal(SHA1.HashData(file.Data.AsSpan(16 * 1024, 16 * 1024)), torrent.GetPieceHashV1(1).ToArray());
        Assert.Equal([["http://tracker.example/announce"]], torrent.Trackers);
        Assert.Equal(["http://seed.example/files/"], torrent.WebSeeds);
        Assert.Equal("a comment", torrent.Comment);
        Assert.Equal("tests", torrent.CreatedBy);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), torrent.CreationDate);
        Assert.Equal(info.Encode(), torrent.InfoBytes.ToArray());
        Assert.True(torrent.HasPieceLayers);
    }

    [Fact]
    public void Parse_V1MultiFile_ListsFilesWithOffsetsUnderName()
    {
        var torrent = TorrentInfo.Parse(TestTorrents.V1Multi());
        Assert.False(torrent.IsSingleFile);
        Assert.Equal(["sample/a.bin", "sample/dir/b.bin", "sample/dir/empty.txt", "sample/dir/sub/c.bin", "sample/z.bin"], torrent.Files.Select(f => f.PathString));
        Assert.Equal([0L, 40_000, 110_000, 110_000, 126_384], torrent.Files.Select(f => f.Offset));
        Assert.Equal(126_389, torrent.TotalSize);
        Assert.Equal(126_389, torrent.PayloadSize);
        Assert.Equal(4, torrent.PieceCount);
        Assert.All(torrent.Files, f => Assert.True(f.PiecesRoot.IsEmpty));
    }

    [Fact]
    public void Parse_AnnounceListAndUrlList_ReadsTiersAndWebSeeds()
    {
        var info = TestTorrents.V1Info("x", [TestTorrents.File("x", 10, 1)], 16384, single: true);
        var bytes = TestTorrents.TorrentFile(
            info,
            null,
            ("announce", "http://ignored/announce"),
            ("announce-list", new BList(new BList("http://a/1", "udp://a/2"), new BList(), new BList("http://b/1"))),
            ("url-list", new BList("http://w1/", "http://w2/")));
        var torrent = TorrentInfo.Parse(bytes);
        Assert.Equal(2, torrent.Trackers.Count);
        Assert.Equal(["http://a/1", "udp://a/2"], torrent.Trackers[0]);
        Assert.Equal(["http://b/1"], torrent.Trackers[1]);
        Assert.Equal(["http://w1/", "http://w2/"], torrent.WebSeeds);
        var again = TorrentInfo.Parse(torrent.ToBytes());
        Assert.Equal(torrent.Trackers, again.Trackers);
        Assert.Equal(torrent.WebSeeds, again.WebSeeds);
    }

    [Fact]
    public void Parse_V2_ComputesSha256AndAlignsFiles()
    {
        var bytes = TestTorrents.V2Multi();
        var torrent = TorrentInfo.Parse(bytes);
        var info = BencodeDecoder.DecodeDictionary(bytes)["info"];
        Assert.Equal(TorrentVersion.V2, torrent.Version);
        Assert.Null(torrent.InfoHashes.V1);
        Assert.Equal(SHA256.HashData(info.Source.Span), torrent.InfoHashes.V2!.Value.ToArray());
        Assert.Equal(SHA256.HashData(info.Source.Span).AsSpan(0, 20).ToArray(), torrent.InfoHashes.Primary.ToArray());
        Assert.Equal(
            ["sample/a.bin|0", "sample/.pad/25536|40000", "sample/dir/b.bin|65536", "sample/.pad/28304|135536", "sample/dir/empty.txt|163840", "sample/dir/sub/c.bin|163840", "sample/.pad/16384|180224", "sample/z.bin|196608", "sample/.pad/32763|196613"],
            torrent.Files.Select(f => $"{f.PathString}|{f.Offset}"));
        Assert.Equal(229_376, torrent.TotalSize);
        Assert.Equal(126_389, torrent.PayloadSize);
        Assert.Equal(2 + 3 + 0 + 1 + 1, torrent.PieceCount);
        Assert.True(torrent.HasPieceLayers);
        var real = torrent.Files.Where(f => !f.IsPadFile).ToList();
        var big = real[1];
        Assert.Equal(3 * 32, big.PieceLayer.Length);
        Assert.Equal(MerkleTreeTests.NaiveLayers(TestTorrents.SampleFiles()[1].Data)[^1][0], big.PiecesRoot.ToArray());
        Assert.True(real[2].PiecesRoot.IsEmpty);
        Assert.True(real[3].PieceLayer.IsEmpty);
        Assert.True(torrent.PieceHashesV1.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => torrent.GetPieceHashV1(0));
    }

    [Fact]
    public void Parse_Hybrid_HasBothHashesPadFilesAndRoots()
    {
        var bytes = TestTorrents.Hybrid();
        var torrent = TorrentInfo.Parse(bytes);
        var info = BencodeDecoder.DecodeDictionary(bytes)["info"];
        Assert.Equal(TorrentVersion.Hybrid, torrent.Version);
        Assert.Equal(SHA1.HashData(info.Source.Span), torrent.InfoHashes.V1!.Value.ToArray());
        Assert.Equal(SHA256.HashData(info.Source.Span), torrent.InfoHashes.V2!.Value.ToArray());
        Assert.Equal(
            ["sample/a.bin", "sample/.pad/25536", "sample/dir/b.bin", "sample/.pad/28304", "sample/dir/empty.txt", "sample/dir/sub/c.bin", "sample/.pad/16384", "sample/z.bin"],
            torrent.Files.Select(f => f.PathString));
        Assert.Equal([false, true, false, true, false, false, true, false], torrent.Files.Select(f => f.IsPadFile));
        Assert.Equal(196_613, torrent.TotalSize);
        Assert.Equal(126_389, torrent.PayloadSize);
        Assert.Equal(7, torrent.PieceCount);
        Assert.All(torrent.Files.Where(f => !f.IsPadFile && f.Length > 0), f => Assert.Equal(32, f.PiecesRoot.Length));
        Assert.Equal(3 * 32, torrent.Files[2].PieceLayer.Length);
        Assert.Equal([["http://127.0.0.1/announce"]], torrent.Trackers);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public void ToBytes_ParsedTorrent_RoundTripsWithSameInfoHashes(string kind)
    {
        var bytes = kind switch
        {
            "v1" => TestTorrents.V1Multi(),
            "v2" => TestTorrents.V2Multi(),
            _ => TestTorrents.Hybrid(),
        };
        var torrent = TorrentInfo.Parse(bytes);
        var written = torrent.ToBytes();
        Assert.Equal(bytes, written);
        var again = TorrentInfo.Parse(written);
        Assert.Equal(torrent.InfoHashes, again.InfoHashes);
        Assert.Equal(torrent.Files.Select(f => f.PathString), again.Files.Select(f => f.PathString));
    }

    [Fact]
    public void WithMetadata_ChangesTrackersButNotInfoHash()
    {
        var torrent = TorrentInfo.Parse(TestTorrents.Hybrid());
        var changed = torrent.WithMetadata(new TorrentMetadata
        {
            Trackers = [["http://a/announce"], ["http://b/announce", "http://c/announce"]],
            WebSeeds = ["http://seed/"],
            Comment = "é",
            CreatedBy = "Publisher",
            CreationDate = DateTimeOffset.FromUnixTimeSeconds(1),
            Encoding = "UTF-8",
        });
        var parsed = TorrentInfo.Parse(changed.ToBytes());
        Assert.Equal(torrent.InfoHashes, parsed.InfoHashes);
        Assert.Equal(changed.Trackers, parsed.Trackers);
        Assert.Equal(["http://seed/"], parsed.WebSeeds);
        Assert.Equal("é", parsed.Comment);
        Assert.Equal("Publisher", parsed.CreatedBy);
        Assert.Equal("UTF-8", parsed.Metadata.Encoding);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), parsed.CreationDate);
    }

    [Fact]
    public void Parse_UnsortedInfoKeys_HashesOriginalBytes()
    {
        var info = "d4:name1:x12:piece lengthi16384e6:lengthi3e6:pieces20:aaaaaaaaaaaaaaaaaaaae"u8.ToArray();
        var file = Encoding.ASCII.GetBytes("d4:info").Concat(info).Concat("e"u8.ToArray()).ToArray();
        var torrent = TorrentInfo.Parse(file);
        Assert.Equal(SHA1.HashData(info), torrent.InfoHashes.V1!.Value.ToArray());
        Assert.Equal(torrent.InfoHashes, TorrentInfo.Parse(torrent.ToBytes()).InfoHashes);
    }

    [Fact]
    public void ParseInfo_V2WithoutPieceLayers_MarksLayersMissing()
    {
        var torrent = TorrentInfo.Parse(TestTorrents.V2Multi());
        var fromInfo = TorrentInfo.FromInfoBytes(torrent.InfoBytes);
        Assert.False(fromInfo.HasPieceLayers);
        Assert.Equal(torrent.InfoHashes, fromInfo.InfoHashes);
        Assert.True(fromInfo.Files[2].PieceLayer.IsEmpty);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Create(torrent.InfoBytes));
        var layers = BencodeDecoder.DecodeDictionary(TestTorrents.V2Multi())["piece layers"];
        var created = TorrentInfo.Create(torrent.InfoBytes, new TorrentMetadata { CreatedBy = "x" }, (BDictionary)layers);
        Assert.True(created.HasPieceLayers);
        Assert.Equal(96, created.Files[2].PieceLayer.Length);
        Assert.Equal(torrent.Files[2].PieceLayer.ToArray(), created.Files[2].PieceLayer.ToArray());
    }

    [Fact]
    public async Task LoadAsync_FromPath_ParsesAndRefusesHugeFiles()
    {
        using var directory = new Publisher.TestSupport.TempDirectory();
        var path = directory.Combine("x.torrent");
        await File.WriteAllBytesAsync(path, TestTorrents.Hybrid(), TestContext.Current.CancellationToken);
        var loaded = await TorrentInfo.LoadAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(TorrentInfo.Parse(TestTorrents.Hybrid()).InfoHashes, loaded.InfoHashes);
        Assert.Equal(loaded.InfoHashes, TorrentInfo.Load(path).InfoHashes);
        var saved = directory.Combine("saved.torrent");
        await loaded.SaveAsync(saved, TestContext.Current.CancellationToken);
        Assert.Equal(TestTorrents.Hybrid(), await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));

        var huge = directory.Combine("huge.torrent");
        using (var stream = File.Create(huge))
        {
            stream.SetLength(ProtocolLimits.MaxTorrentFileBytes + 1L);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Load(huge));
        Assert.Contains("larger than", exception.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
    }

    [Fact]
    public void Parse_MalformedBencode_SurfacesAsInvalidTorrentWithOffset()
    {
        var exception = Assert.Throws<InvalidTorrentException>(() => TorrentInfo.Parse("d4:infod4:namei01eee"u8.ToArray()));
        var inner = Assert.IsType<BencodeException>(exception.InnerException);
        Assert.Equal(inner.Offset, exception.ByteOffset);
        Assert.Contains("byte 15", exception.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidTorrentException>(() => TorrentInfo.Parse("i1e"u8.ToArray()));
        Assert.Throws<InvalidTorrentException>(() => TorrentInfo.Parse("de"u8.ToArray()));
        Assert.Throws<InvalidTorrentException>(() => TorrentInfo.Parse("d4:infoi1ee"u8.ToArray()));
    }
}
