using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Pieces;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>File priorities, sequential and deadline modes, between two of our engines on loopback.</summary>
public sealed class TorrentEngineSelectionTests
{
    [Fact]
    public async Task AddAsync_BigFileSkipped_CompletesWithWantedFilesAndNeverFetchesTheSkippedOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 4L * 1024 * 1024, 51);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.Hybrid);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var priorities = Priorities(torrent, name => name == "big.bin" ? FilePriority.Skip : name == "tail.bin" ? FilePriority.High : FilePriority.Normal);

        var leech = await leechEngine.AddAsync(torrent, temp.Combine("out"), new TorrentOptions { FilePriorities = priorities, InitialPeers = [EngineTestData.EndPointOf(seedEngine)] }, ct);
        await EngineTestData.WaitAsync(leech);

        Assert.Equal(TorrentState.Seeding, leech.State);
        AssertSameFile(source, temp.Combine("out", "payload"), Path.Combine("sub", "small.bin"));
        AssertSameFile(source, temp.Combine("out", "payload"), Path.Combine("sub", "tail.bin"));
        var big = temp.Combine("out", "payload", "big.bin");
        Assert.True(!File.Exists(big) || !File.ReadAllBytes(big).AsSpan().ContainsAnyExcept((byte)0), "nothing of the skipped file is written");
        Assert.True(leech.Statistics.DownloadedFromPeers < 1024 * 1024, $"downloaded {leech.Statistics.DownloadedFromPeers}");
    }

    [Fact]
    public async Task SetFilePriorities_RaisedAfterCompletion_DownloadsTheRestAndCompletesAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 2L * 1024 * 1024, 53);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V1);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        var onlySmall = Priorities(torrent, name => name == "small.bin" ? FilePriority.Normal : FilePriority.Skip);
        var leech = await leechEngine.AddAsync(torrent, temp.Combine("out"), new TorrentOptions { FilePriorities = onlySmall, InitialPeers = [EngineTestData.EndPointOf(seedEngine)] }, ct);
        await EngineTestData.WaitAsync(leech);
        Assert.True(leech.Progress.VerifiedPieces < torrent.PieceCount);

        leech.SetFilePriority(0, FilePriority.High);
        leech.SetFilePriorities(Priorities(torrent, _ => FilePriority.Normal));
        Assert.Equal(TorrentState.Downloading, leech.State);
        await EngineTestData.WaitAsync(leech);

        Assert.Equal(torrent.PieceCount, leech.Progress.VerifiedPieces);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    [Fact]
    public async Task Sequential_RateLimitedSeed_VerifiesPiecesInIndexOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 4L * 1024 * 1024, 55);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V1, 16 * 1024);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        await seedEngine.AddAsync(torrent, temp.Path, new TorrentOptions { MaxUploadBytesPerSecond = 512 * 1024 }, ct);
        var leech = await leechEngine.AddAsync(torrent, temp.Combine("out"), new TorrentOptions { Sequential = true, AutoStart = false }, ct);
        var last = torrent.PieceCount - 1;
        leech.SetPieceDeadline(last, TimeSpan.Zero);
        await leech.StartAsync(ct);
        leech.AddPeer(EngineTestData.EndPointOf(seedEngine));

        await WaitUntilAsync(() => leech.Progress.VerifiedPieces >= torrent.PieceCount / 5);
        var have = new Bitfield(torrent.PieceCount);
        leech.Session.Picker.CopyHave(have);
        var verified = have.Count;

        // The deadline piece first, then a prefix: only the pieces still in flight may be missing below the highest.
        Assert.True(have[last], "the piece with a deadline came first");
        for (var piece = 0; piece < verified - 16; piece++)
        {
            Assert.True(have[piece], $"piece {piece} of {verified} verified is missing");
        }

        Assert.True(verified < torrent.PieceCount, "still downloading: the check saw the order, not the end");
        await EngineTestData.WaitAsync(leech);
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    private static FilePriority[] Priorities(TorrentInfo torrent, Func<string, FilePriority> byName)
    {
        var priorities = new FilePriority[torrent.Files.Count];
        for (var i = 0; i < priorities.Length; i++)
        {
            priorities[i] = byName(torrent.Files[i].Path[^1]);
        }

        return priorities;
    }

    private static void AssertSameFile(string expectedRoot, string actualRoot, string relative) =>
        Assert.True(File.ReadAllBytes(Path.Combine(expectedRoot, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualRoot, relative))), $"{relative} differs");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EngineTestData.Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
