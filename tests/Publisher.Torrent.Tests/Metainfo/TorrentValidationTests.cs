using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class TorrentValidationTests
{
    public static TheoryData<string[]> UnsafePaths => new()
    {
        new[] { "..", "..", "x" },
        new[] { "", "etc", "passwd" },
        new[] { "/etc/passwd" },
        new[] { "C:\\x" },
        new[] { "C:", "x" },
        new[] { "a", "..", "..", "b" },
        new[] { "a", ".", "b" },
        new[] { "a/../../b" },
        new[] { "a\\b" },
        new[] { "a", "" },
        new[] { "CON" },
        new[] { "con.txt" },
        new[] { "dir", "Nul" },
        new[] { "COM1.tar.gz" },
        new[] { "LPT9" },
        new[] { "aux .txt" },
        new[] { "name." },
        new[] { "name " },
        new[] { "a\0b" },
        new[] { "tab\there" },
        new[] { "what?" },
        new[] { "a<b" },
        new[] { "pipe|x" },
        new[] { "star*" },
        new[] { "quote\"" },
        new[] { new string('x', 256) },
        Enumerable.Repeat("d", ProtocolLimits.MaxPathDepth).ToArray(),
    };

    [Theory]
    [MemberData(nameof(UnsafePaths))]
    public void Parse_V1FileWithUnsafePath_Rejected(string[] path)
    {
        var info = BDictionary.From(
            ("files", new BList(BDictionary.From(("length", 3), ("path", new BList(path.Select(p => (BValue)p)))))),
            ("name", "safe"),
            ("piece length", 16384),
            ("pieces", new byte[20]));
        var exception = Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
        Assert.Contains("refused", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsafePaths))]
    public void Parse_V2FileTreeWithUnsafePath_Rejected(string[] path)
    {
        if (path.Length == 1 && path[0].Contains('/', StringComparison.Ordinal))
        {
            path = path[0].Split('/');
        }

        var file = new TestTorrents.FileSpec(path, new byte[100]);
        var info = BDictionary.From(("name", "safe"), ("piece length", 16384));
        try
        {
            TestTorrents.AddV2(ref info, "safe", [file], 16384, single: false);
        }
        catch (ArgumentException)
        {
            // Two identical keys (such as "..", "..") cannot even be built into one dictionary level.
            return;
        }

        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("CON")]
    [InlineData("a/b")]
    [InlineData("C:")]
    public void Parse_UnsafeName_Rejected(string name)
    {
        var info = TestTorrents.V1Info(name, [TestTorrents.File("x", 10, 1)], 16384, single: true);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
    }

    [Theory]
    [InlineData("normal.txt")]
    [InlineData("CONSOLE")]
    [InlineData("com10")]
    [InlineData(".hidden")]
    [InlineData("é ü 中文")]
    [InlineData("a.b.c")]
    public void GetProblem_SafeNames_Accepted(string name)
    {
        Assert.Null(TorrentPathRules.GetProblem(name));
    }

    [Fact]
    public void Parse_WrongPiecesLength_RejectedWithCounts()
    {
        var info = TestTorrents.V1Info("x", [TestTorrents.File("x", 40_000, 1)], 16384, single: true).With("pieces", new byte[40]);
        var exception = Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
        Assert.Contains("need 3 hashes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ProtocolLimits.MaxPieceLength + 1L)]
    public void Parse_BadPieceLength_Rejected(long pieceLength)
    {
        var info = TestTorrents.V1Info("x", [TestTorrents.File("x", 10, 1)], 16384, single: true).With("piece length", pieceLength);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
    }

    [Theory]
    [InlineData(8192)]
    [InlineData(49152)]
    public void Parse_V2PieceLengthNotPowerOfTwoOrSmall_Rejected(int pieceLength)
    {
        var info = BDictionary.From(("name", "x"), ("piece length", pieceLength));
        TestTorrents.AddV2(ref info, "x", [TestTorrents.File("x", 10, 1)], 16384, single: true);
        var exception = Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
        Assert.Contains("power of two", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PieceLayerNotMatchingRoot_Rejected()
    {
        var bytes = TestTorrents.V2Multi();
        var root = BencodeDecoder.DecodeDictionary(bytes);
        var layers = (BDictionary)root["piece layers"];
        var (key, value) = layers.First();
        var corrupted = ((BString)value).Value.ToArray();
        corrupted[5] ^= 1;
        var badLayers = new BDictionary(layers.Select(e => e.Key.Equals(key) ? new KeyValuePair<BString, BValue>(key, new BString(corrupted)) : e));
        var exception = Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile((BDictionary)root["info"], badLayers)));
        Assert.Contains("does not hash to its 'pieces root'", exception.Message, StringComparison.Ordinal);

        var shortLayers = new BDictionary(layers.Select(e => e.Key.Equals(key) ? new KeyValuePair<BString, BValue>(key, new BString(corrupted.AsMemory(32))) : e));
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile((BDictionary)root["info"], shortLayers)));
        var missing = new BDictionary(layers.Where(e => !e.Key.Equals(key)));
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile((BDictionary)root["info"], missing.Count == 0 ? BDictionary.From(("x", 1)) : missing)));
    }

    [Fact]
    public void Parse_HybridWithDifferentFileLists_Rejected()
    {
        var files = TestTorrents.SampleFiles();
        var info = TestTorrents.V1Info("sample", files, 32768, single: false, pad: true);
        var other = files.Select((f, i) => i == 4 ? TestTorrents.File("z.bin", 6, 5) : f).ToList();
        var layers = TestTorrents.AddV2(ref info, "sample", other, 32768, single: false);
        var exception = Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info, layers)));
        Assert.Contains("does not match", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HybridWithoutPadFiles_Rejected()
    {
        var files = TestTorrents.SampleFiles();
        var info = TestTorrents.V1Info("sample", files, 32768, single: false, pad: false);
        var layers = TestTorrents.AddV2(ref info, "sample", files, 32768, single: false);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info, layers)));
    }

    [Fact]
    public void Parse_DuplicatePathsOrFileAndFolder_Rejected()
    {
        var duplicate = TestTorrents.V1Info("d", [TestTorrents.File("a/b", 10, 1), TestTorrents.File("a/b", 10, 2)], 16384, single: false);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(duplicate)));
        var fileAndFolder = TestTorrents.V1Info("d", [TestTorrents.File("a", 10, 1), TestTorrents.File("a/b", 10, 2)], 16384, single: false);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(fileAndFolder)));
        var folderThenFile = TestTorrents.V1Info("d", [TestTorrents.File("a/b", 10, 1), TestTorrents.File("a", 10, 2)], 16384, single: false);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(folderThenFile)));
    }

    [Fact]
    public void Parse_StructuralProblems_Rejected()
    {
        var good = TestTorrents.V1Info("x", [TestTorrents.File("x", 10, 1)], 16384, single: true);
        BDictionary[] bad =
        [
            good.With("files", new BList(BDictionary.From(("length", 1), ("path", new BList("a"))))),
            good.Without("length"),
            good.Without("name"),
            good.Without("piece length"),
            good.With("name", 5),
            good.With("name", new byte[] { 0xff, 0xfe }),
            good.With("length", -1),
            good.With("length", 0).With("pieces", Array.Empty<byte>()),
            good.With("meta version", 3),
            good.Without("pieces"),
            good.With("pieces", 1),
            good.With("meta version", 2),
        ];
        foreach (var info in bad)
        {
            Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(info)));
        }
    }

    [Fact]
    public void Parse_PadFileAttributes_Kept()
    {
        var info = BDictionary.From(
            ("files", new BList(
                BDictionary.From(("attr", "x"), ("length", 10), ("path", new BList("run.sh"))),
                BDictionary.From(("attr", "p"), ("length", 16374), ("path", new BList(".pad", "16374"))),
                BDictionary.From(("attr", "h"), ("length", 5), ("path", new BList(".hidden"))),
                BDictionary.From(("attr", "l"), ("length", 0), ("path", new BList("link")), ("symlink path", new BList("run.sh"))))),
            ("name", "attrs"),
            ("piece length", 16384),
            ("pieces", new byte[40]));
        var torrent = TorrentInfo.Parse(TestTorrents.TorrentFile(info));
        Assert.True(torrent.Files[0].IsExecutable);
        Assert.True(torrent.Files[1].IsPadFile);
        Assert.True(torrent.Files[2].IsHidden);
        Assert.True(torrent.Files[3].IsSymlink);
        Assert.Equal(["run.sh"], torrent.Files[3].SymlinkTarget);
        Assert.Equal(15, torrent.PayloadSize);

        var escaping = info.With("files", new BList(BDictionary.From(("attr", "l"), ("length", 1), ("path", new BList("link")), ("symlink path", new BList("..", "etc"))))).With("pieces", new byte[20]);
        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(TestTorrents.TorrentFile(escaping)));
    }

    [Fact]
    public void Parse_HugeClaimedSizes_RejectedWithoutProportionalAllocation()
    {
        var v1 = TestTorrents.TorrentFile(TestTorrents.V1Info("x", [TestTorrents.File("x", 10, 1)], 16384, single: true).With("length", 1L << 49));
        var v2Info = BDictionary.From(
            ("file tree", BDictionary.From(("x", BDictionary.From((string.Empty, BDictionary.From(("length", 1L << 49), ("pieces root", new byte[32]))))))),
            ("meta version", 2),
            ("name", "x"),
            ("piece length", 16384));
        var v2 = TestTorrents.TorrentFile(v2Info);
        var tooLong = TestTorrents.TorrentFile(TestTorrents.V1Info("x", [TestTorrents.File("x", 10, 1)], 16384, single: true).With("length", (1L << 50) + 1));
        foreach (var bytes in new[] { v1, v2, tooLong })
        {
            Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(bytes));
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(bytes));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
        }

        Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.FromInfoBytes(v2Info.Encode()));
    }
}
