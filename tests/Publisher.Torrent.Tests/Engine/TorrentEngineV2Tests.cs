using System.Buffers;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Wire;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>Pure v2 torrents between our engines: BEP 52 hash requests served, validated and used for magnet starts.</summary>
public sealed class TorrentEngineV2Tests
{
    private const int PieceLength = 16 * 1024;

    [Fact]
    public async Task AddAsync_V2Magnet_FetchesPieceLayersFromOurSeedAndCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 12L * 1024 * 1024, 41);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V2, PieceLength);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        var seed = await seedEngine.AddAsync(torrent, temp.Path, null, ct);

        var leech = await AddMagnetAsync(leechEngine, torrent, temp.Combine("out"), EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(leech);

        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
        Assert.True(seed.Session.HashRequestsAnswered >= 2, "the 700-piece file's layer came in runs of 512");
        Assert.Equal(torrent.InfoHashes, leech.Torrent.InfoHashes);
    }

    [Fact]
    public async Task AddAsync_V2MagnetEveryFileWithinOnePiece_NeedsNoHashesAndCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = temp.WriteRandomFile("small.bin", 40_000, 47);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V2, 64 * 1024);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        var seed = await seedEngine.AddAsync(torrent, temp.Path, null, ct);

        var leech = await AddMagnetAsync(leechEngine, torrent, temp.Combine("out"), EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(leech);

        Assert.Equal(0, seed.Session.HashRequestsAnswered);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(temp.Combine("out", "small.bin")));
    }

    [Fact]
    public async Task AddAsync_V2Magnet_HostilePeerSendsHashesThatDoNotProve_IgnoredAndHonestPeerUsed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var source = EngineTestData.WritePayload(temp, "payload", 12L * 1024 * 1024, 43);
        var torrent = await EngineTestData.CreateTorrentAsync(source, TorrentFormat.V2, PieceLength);
        await using var seedEngine = EngineTestData.CreateEngine();
        await using var leechEngine = EngineTestData.CreateEngine();
        var seed = await seedEngine.AddAsync(torrent, temp.Path, null, ct);
        await using var hostile = new HostileHashPeer(seed.Session);

        // The hostile peer is asked first; its metadata answer never comes (it only speaks hashes), so the honest
        // seed gives the info dictionary, then the hostile peer is tried first for the piece layers again.
        var leech = await AddMagnetAsync(leechEngine, torrent, temp.Combine("out"), hostile.EndPoint, EngineTestData.EndPointOf(seedEngine));
        await EngineTestData.WaitAsync(leech);

        Assert.True(hostile.Answered > 0, "the hostile peer was asked for hashes");
        Assert.True(seed.Session.HashRequestsAnswered > 0, "the honest seed gave the piece layers");
        EngineTestData.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    // One 11 MiB file at 64 KiB pieces: 704 blocks -> 1024 leaves, 11 layers; the piece layer is layer 2 (256 nodes,
    // 176 of them pieces); a proof up to just below the root from layer 2 has 7 proof layers.
    [Theory]
    [InlineData(true, 2, 0, 256, 7)]     // unknown pieces root
    [InlineData(false, 1, 0, 512, 8)]    // below the piece layer: we keep no block hashes
    [InlineData(false, 2, 256, 2, 0)]    // index past the layer
    [InlineData(false, 2, 64, 128, 7)]   // index not a multiple of the length
    [InlineData(false, 2, 0, 96, 7)]     // length not a power of two
    [InlineData(false, 2, 0, 256, 8)]    // proof layers up to the root itself
    [InlineData(false, 10, 0, 1, 0)]     // the root layer
    [InlineData(false, 2, 0, 1024, 0)]   // longer than the layer (and than 512)
    public async Task AnswerHashRequest_OutOfTheTree_Rejected(bool unknownRoot, int baseLayer, int index, int length, int proofLayers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await using var engine = EngineTestData.CreateEngine();
        var (seed, root) = await SeedWithBigFileAsync(engine, temp, ct);

        var request = new HashRequest(unknownRoot ? new byte[32] : root, baseLayer, index, length, proofLayers);

        Assert.Null(seed.Session.AnswerHashRequest(request));
    }

    [Theory]
    [InlineData(2, 128, 128, 7)]
    [InlineData(2, 0, 256, 7)]
    [InlineData(3, 64, 2, 6)]
    public async Task AnswerHashRequest_RunWithProof_ProvesToTheRoot(int baseLayer, int index, int length, int proofLayers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await using var engine = EngineTestData.CreateEngine();
        var (seed, root) = await SeedWithBigFileAsync(engine, temp, ct);
        var request = new HashRequest(root, baseLayer, index, length, proofLayers);

        var hashes = seed.Session.AnswerHashRequest(request);

        Assert.NotNull(hashes);
        Assert.True(HashTree.Verify(request, hashes, root, seed.Torrent.Files[0].Length));
    }

    // Block hashes: 64 KiB pieces are 4 blocks (piece layer 2); runs within one verified piece are hashed from disk.
    [Theory]
    [InlineData(0, 20, 4, 9)]   // the four leaves of piece 5, proof to just below the root
    [InlineData(0, 22, 2, 9)]   // half a piece: the first uncle is the other half, hashed from disk
    [InlineData(1, 10, 2, 8)]   // the layer above the leaves
    [InlineData(0, 700, 4, 2)]  // the last piece (704 leaves, 11 MiB = 704 blocks exactly), short proof
    public async Task AnswerBlockHashRequest_RunInsideAVerifiedPiece_ProvesToTheRoot(int baseLayer, int index, int length, int proofLayers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await using var engine = EngineTestData.CreateEngine();
        var (seed, root) = await SeedWithBigFileAsync(engine, temp, ct, start: true);
        var request = new HashRequest(root, baseLayer, index, length, proofLayers);
        Assert.True(seed.Session.IsBlockHashRequest(request));

        var hashes = seed.Session.AnswerBlockHashRequest(request);

        Assert.NotNull(hashes);
        var fileLength = seed.Torrent.Files[0].Length;
        if (proofLayers == 9 || proofLayers == 8)
        {
            Assert.True(HashTree.Verify(request, hashes, root, fileLength));
        }
        else
        {
            // A short proof reaches the piece's own hash: check that against the piece layer.
            var piece = new byte[32];
            MerkleTree.ComputeRoot(hashes.AsSpan(0, length * 32), length, new byte[32], piece);
            Assert.Equal(seed.Torrent.Files[0].PieceLayer.Span.Slice(175 * 32, 32).ToArray(), piece);
        }
    }

    [Theory]
    [InlineData(0, 0, 8, 9)]    // spans two pieces
    [InlineData(0, 0, 4, 10)]   // proof up to the root
    [InlineData(0, 2, 4, 9)]    // not aligned to its length
    public async Task AnswerBlockHashRequest_OutsideOnePieceOrTheTree_Rejected(int baseLayer, int index, int length, int proofLayers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await using var engine = EngineTestData.CreateEngine();
        var (seed, root) = await SeedWithBigFileAsync(engine, temp, ct, start: true);

        Assert.Null(seed.Session.AnswerBlockHashRequest(new HashRequest(root, baseLayer, index, length, proofLayers)));
    }

    [Fact]
    public async Task AnswerBlockHashRequest_PieceNotVerified_Rejected()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var path = temp.WriteRandomFile("big.bin", 11L * 1024 * 1024, 45);
        var torrent = await EngineTestData.CreateTorrentAsync(path, TorrentFormat.V2, 64 * 1024);
        await using var engine = EngineTestData.CreateEngine();
        var leech = await engine.AddAsync(torrent, temp.Combine("empty"), null, ct);

        Assert.Equal(TorrentState.Downloading, leech.State);
        Assert.Null(leech.Session.AnswerBlockHashRequest(new HashRequest(torrent.Files[0].PiecesRoot, 0, 20, 4, 9)));
    }

    [Theory]
    [InlineData(0, 0, 4, 1)]
    [InlineData(0, 2, 2, 1)]
    public async Task AnswerBlockHashRequest_FileWithinOnePiece_ProvesToItsRoot(int baseLayer, int index, int length, int proofLayers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var path = temp.WriteRandomFile("small.bin", 40_000, 49);
        var torrent = await EngineTestData.CreateTorrentAsync(path, TorrentFormat.V2, 64 * 1024);
        await using var engine = EngineTestData.CreateEngine();
        var seed = await engine.AddAsync(torrent, temp.Path, null, ct);
        var request = new HashRequest(torrent.Files[0].PiecesRoot, baseLayer, index, length, proofLayers);

        var hashes = seed.Session.AnswerBlockHashRequest(request);

        Assert.NotNull(hashes);
        Assert.True(HashTree.Verify(request, hashes, torrent.Files[0].PiecesRoot.Span, 40_000));
    }

    [Fact]
    public async Task Seed_HashRequestsOnTheWire_AnsweredWithHashesOrHashReject()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await using var engine = EngineTestData.CreateEngine();
        var (seed, root) = await SeedWithBigFileAsync(engine, temp, ct, start: true);
        var answers = new System.Collections.Concurrent.ConcurrentQueue<(PeerMessageKind Kind, int Index, byte[] Hashes)>();
        var handler = new Wire.RecordingHandler
        {
            OnMessageCallback = (_, message) =>
            {
                if (message.Kind is PeerMessageKind.Hashes or PeerMessageKind.HashReject)
                {
                    answers.Enqueue((message.Kind, message.Index, message.Payload.Slice(48).ToArray()));
                }
            },
        };
        await using var connection = await PeerConnection.ConnectAsync(EngineTestData.EndPointOf(engine), null, TimeProvider.System, ct);
        connection.PieceCount = seed.Torrent.PieceCount;
        var peerId = new byte[20];
        Assert.NotNull(await connection.HandshakeAsync(new PeerHandshake(PeerCapabilities.Fast, seed.Torrent.InfoHashes.Primary.AsSpan(), peerId), ReadOnlyMemory<byte>.Empty, ct));
        var run = connection.RunAsync(handler, ct);

        var pieceLayerRun = new HashRequest(root, 2, 0, 256, 7);
        var leaves = new HashRequest(root, 0, 20, 4, 9);
        var outOfRange = new HashRequest(root, 2, 256, 2, 0);
        Assert.True(await connection.SendHashRequestAsync(PeerMessageId.HashRequest, pieceLayerRun, ct));
        Assert.True(await connection.SendHashRequestAsync(PeerMessageId.HashRequest, leaves, ct));
        Assert.True(await connection.SendHashRequestAsync(PeerMessageId.HashRequest, outOfRange, ct));
        await handler.WaitUntilAsync(() => answers.Count == 3 || run.IsCompleted, ct);

        var byIndex = answers.ToDictionary(a => a.Index);
        Assert.Equal(3, byIndex.Count);
        var fileLength = seed.Torrent.Files[0].Length;
        Assert.Equal(PeerMessageKind.Hashes, byIndex[0].Kind);
        Assert.True(HashTree.Verify(pieceLayerRun, byIndex[0].Hashes, root, fileLength));
        Assert.Equal(PeerMessageKind.Hashes, byIndex[20].Kind);
        Assert.True(HashTree.Verify(leaves, byIndex[20].Hashes, root, fileLength));
        Assert.Equal(PeerMessageKind.HashReject, byIndex[256].Kind);
        connection.Close(PeerCloseReason.Local);
        await run;
    }

    [Fact]
    public async Task Seed_UnsolicitedHashesMessage_ClosesThePeer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await using var engine = EngineTestData.CreateEngine();
        var (seed, root) = await SeedWithBigFileAsync(engine, temp, ct, start: true);
        await using var connection = await PeerConnection.ConnectAsync(EngineTestData.EndPointOf(engine), null, TimeProvider.System, ct);
        connection.PieceCount = seed.Torrent.PieceCount;
        Assert.NotNull(await connection.HandshakeAsync(new PeerHandshake(PeerCapabilities.Fast, seed.Torrent.InfoHashes.Primary.AsSpan(), new byte[20]), ReadOnlyMemory<byte>.Empty, ct));
        var handler = new Wire.RecordingHandler();
        var run = connection.RunAsync(handler, ct);
        await handler.WaitUntilAsync(() => seed.Session.PeerCount == 1, ct);

        Assert.True(await connection.SendHashesAsync(new HashRequest(root, 2, 0, 2, 0), new byte[64], ct));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(EngineTestData.Timeout);
        var closed = await run.WaitAsync(timeout.Token);
        Assert.Equal(PeerCloseReason.RemoteClosed, closed.Reason);
    }

    private static async Task<(TorrentHandle Seed, byte[] Root)> SeedWithBigFileAsync(TorrentEngine engine, TempDirectory temp, CancellationToken ct, bool start = false)
    {
        var path = temp.WriteRandomFile("big.bin", 11L * 1024 * 1024, 45);
        var torrent = await EngineTestData.CreateTorrentAsync(path, TorrentFormat.V2, 64 * 1024);
        var seed = await engine.AddAsync(torrent, temp.Path, new TorrentOptions { AutoStart = start }, ct);
        return (seed, torrent.Files[0].PiecesRoot.ToArray());
    }

    private static async Task<TorrentHandle> AddMagnetAsync(TorrentEngine engine, TorrentInfo torrent, string directory, params System.Net.IPEndPoint[] peers)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EngineTestData.Timeout);
        var magnet = MagnetLink.Parse(torrent.ToMagnetLink().ToString());
        return await engine.AddAsync(magnet, directory, new TorrentOptions { InitialPeers = peers }, timeout.Token);
    }
}
