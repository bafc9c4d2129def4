using System.Net;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>The engine-facing web seed source over a real <see cref="PiecePicker"/> and a fake host.</summary>
public sealed class WebSeedOffloaderTests : IDisposable
{
    private readonly TempDirectory _root = new("webseed-offload");
    private readonly TorrentInfo _torrent;
    private readonly byte[] _data;
    private readonly PiecePicker _picker;

    public WebSeedOffloaderTests()
    {
        _torrent = WebSeedTestData.SingleAsync(_root, "one.bin", 200_000, [], TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        _data = File.ReadAllBytes(_root.Combine("one.bin"));
        _picker = new PiecePicker(_torrent.TotalSize, _torrent.PieceLength);
    }

    public void Dispose() => _root.Dispose();

    private WebSeedSource Source(FakeSeedHandler handler, string url) =>
        new(url, _torrent, new HttpMessageInvoker(handler), new WebSeedOptions { MaxRetryAttempts = 0 });

    private static CancellationToken Bounded(out CancellationTokenSource owner)
    {
        owner = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        owner.CancelAfter(TimeSpan.FromSeconds(30));
        return owner.Token;
    }

    [Fact]
    public async Task RunAsync_NoPeers_FetchesEveryPieceAndStops()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var handler = new FakeSeedHandler(new() { ["/one.bin"] = _data });
        using var source = Source(handler, "http://seed.test/one.bin");
        var host = new FakeHost(_picker, _torrent, peers: 0);
        var offloader = new WebSeedOffloader(_torrent, [source], host, new PeersFirstOffloadPolicy(), decisionInterval: TimeSpan.FromMilliseconds(20));

        await offloader.RunAsync(token);

        Assert.True(_picker.IsComplete);
        Assert.Equal(_torrent.PieceCount, host.Delivered.Count);
        Assert.True(_data.AsSpan().SequenceEqual(host.Assemble()));
        Assert.Equal(0, offloader.InFlight);
    }

    [Fact]
    public async Task RunAsync_UnavailableOnly_FetchesOnlyPiecesNoPeerHas()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        for (var piece = 0; piece < _torrent.PieceCount; piece += 2)
        {
            _picker.PeerHasPiece(piece);
        }

        var handler = new FakeSeedHandler(new() { ["/one.bin"] = _data });
        using var source = Source(handler, "http://seed.test/one.bin");
        var host = new FakeHost(_picker, _torrent, peers: 1) { StopWhenDelivered = _torrent.PieceCount / 2 };
        var offloader = new WebSeedOffloader(_torrent, [source], host, new FixedPolicy(new OffloadDecision(OffloadMode.UnavailableOnly, 3)), decisionInterval: TimeSpan.FromMilliseconds(20));

        await offloader.RunAsync(host.Stop(token));

        Assert.Equal(_torrent.PieceCount / 2, host.Delivered.Count);
        Assert.All(host.Delivered.Keys, piece => Assert.Equal(1, piece % 2));
    }

    [Fact]
    public async Task RunAsync_Idle_SendsNothing()
    {
        var handler = new FakeSeedHandler(new() { ["/one.bin"] = _data });
        using var source = Source(handler, "http://seed.test/one.bin");
        var host = new FakeHost(_picker, _torrent, peers: 3);
        var offloader = new WebSeedOffloader(_torrent, [source], host, new FixedPolicy(OffloadDecision.Idle), decisionInterval: TimeSpan.FromMilliseconds(10));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromMilliseconds(150));

        await offloader.RunAsync(stop.Token);

        Assert.Equal(0, handler.Requests);
        Assert.True(host.Decisions > 1);
    }

    [Fact]
    public async Task RunAsync_OneSeedSendsWrongBytes_EveryPieceComesVerifiedFromTheOther()
    {
        var token = Bounded(out var cts);
        using var _ = cts;
        var wrong = (byte[])_data.Clone();
        for (var i = 0; i < wrong.Length; i += 1000)
        {
            wrong[i] ^= 0xFF;
        }

        var badHandler = new FakeSeedHandler(new() { ["/one.bin"] = wrong });
        var goodHandler = new FakeSeedHandler(new() { ["/one.bin"] = _data });
        using var bad = Source(badHandler, "http://bad.test/one.bin");
        using var good = Source(goodHandler, "http://good.test/one.bin");
        var host = new FakeHost(_picker, _torrent, peers: 0);
        var offloader = new WebSeedOffloader(_torrent, [bad, good], host, new PeersFirstOffloadPolicy(), decisionInterval: TimeSpan.FromMilliseconds(20));

        await offloader.RunAsync(token);

        Assert.True(_picker.IsComplete);
        Assert.True(_data.AsSpan().SequenceEqual(host.Assemble()));
        Assert.True(bad.IsBadFile(0));
        Assert.True(badHandler.Requests >= 1);
    }

    private sealed class FixedPolicy(OffloadDecision decision) : IOffloadPolicy
    {
        public OffloadDecision Decide(OffloadSnapshot snapshot) => decision;
    }

    private sealed class FakeHost(PiecePicker picker, TorrentInfo torrent, int peers) : IWebSeedHost
    {
        private readonly CancellationTokenSource _stop = new();
        private int _decisions;

        public Dictionary<int, byte[]> Delivered { get; } = [];

        public int StopWhenDelivered { get; init; } = int.MaxValue;

        public int Decisions => Volatile.Read(ref _decisions);

        public IPieceClaims Claims => picker;

        public CancellationToken Stop(CancellationToken token) => CancellationTokenSource.CreateLinkedTokenSource(token, _stop.Token).Token;

        public OffloadSnapshot Snapshot()
        {
            Interlocked.Increment(ref _decisions);
            lock (Delivered)
            {
                var remaining = picker.IsComplete ? 0 : torrent.TotalSize - (Delivered.Count * (long)torrent.PieceLength);
                return new OffloadSnapshot(peers, picker.UnavailablePieceCount, Math.Max(remaining, picker.IsComplete ? 0 : 1), 0, 0);
            }
        }

        public ValueTask DeliverAsync(int piece, ReadOnlyMemory<byte> data, object owner, CancellationToken cancellationToken)
        {
            for (var begin = 0; begin < data.Length; begin += ProtocolLimits.BlockLength)
            {
                var receipt = picker.BlockReceived(new BlockRequest(piece, begin, Math.Min(ProtocolLimits.BlockLength, data.Length - begin)), owner);
                if (receipt == BlockReceipt.PieceComplete)
                {
                    picker.PieceVerified(piece);
                }
            }

            lock (Delivered)
            {
                Delivered.Add(piece, data.ToArray());
                if (Delivered.Count >= StopWhenDelivered)
                {
                    _stop.Cancel();
                }
            }

            return ValueTask.CompletedTask;
        }

        public byte[] Assemble()
        {
            var all = new byte[torrent.TotalSize];
            foreach (var (piece, data) in Delivered)
            {
                data.CopyTo(all, (long)piece * torrent.PieceLength);
            }

            return all;
        }
    }
}
