using System.Diagnostics;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

public sealed class TorrentInfoFuzzTests
{
    public static TheoryData<string> Kinds => ["v1", "v2", "hybrid"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Parse_EveryPrefix_ThrowsInvalidTorrent(string kind)
    {
        var bytes = Build(kind);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsMemory(0, length);
            Assert.Throws<InvalidTorrentException>(() => (object)TorrentInfo.Parse(prefix));
        }

        Assert.NotNull(TorrentInfo.Parse(bytes));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Parse_RandomMutations_GiveTorrentOrInvalidTorrentOnly(string kind)
    {
        var seed = Build(kind);
        var random = new Random(kind.Length * 7919);
        var parsed = 0;
        var stopwatch = Stopwatch.StartNew();
        using var directory = new Publisher.TestSupport.TempDirectory();
        for (var i = 0; i < 5000; i++)
        {
            var mutated = TestTorrents.Mutate(seed, random);
            TorrentInfo torrent;
            try
            {
                torrent = TorrentInfo.Parse(mutated);
            }
            catch (InvalidTorrentException)
            {
                continue;
            }

            parsed++;
            var again = TorrentInfo.Parse(torrent.ToBytes());
            Assert.Equal(torrent.InfoHashes, again.InfoHashes);
            foreach (var file in torrent.Files)
            {
                TorrentFilePaths.GetFullPath(directory.Path, file);
            }

            if (!torrent.Version.HasFlag(TorrentVersion.V1))
            {
                continue;
            }

            Assert.Equal(torrent.PieceCount * 20, torrent.PieceHashesV1.Length);
        }

        Assert.InRange(parsed, 1, 4999);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    private static byte[] Build(string kind) => kind switch
    {
        "v1" => TestTorrents.V1Multi(16384),
        "v2" => TestTorrents.V2Multi(16384),
        _ => TestTorrents.Hybrid(16384),
    };
}
