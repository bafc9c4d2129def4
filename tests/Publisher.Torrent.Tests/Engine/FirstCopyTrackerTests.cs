using Publisher.Torrent.Engine;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class FirstCopyTrackerTests
{
    private sealed class Peer
    {
        public bool Gone { get; set; }
    }

    private static FirstCopyTracker<Peer> Create(int pieces) => new(pieces, static p => p.Gone);

    [Fact]
    public void TrySend_PieceAnotherConnectedPeerGotWhileUnsentRemain_IsRefused()
    {
        var tracker = Create(3);
        var a = new Peer();
        var b = new Peer();

        Assert.True(tracker.TrySend(0, a));
        Assert.True(tracker.TrySend(0, a));
        Assert.False(tracker.TrySend(0, b));
        Assert.True(tracker.TrySend(1, b));
        Assert.Equal(1, tracker.Unsent);
    }

    [Fact]
    public void TrySend_EveryPieceSentOnce_AllowsSecondCopies()
    {
        var tracker = Create(2);
        var a = new Peer();
        var b = new Peer();
        Assert.True(tracker.TrySend(0, a));
        Assert.True(tracker.TrySend(1, b));

        Assert.Equal(0, tracker.Unsent);
        Assert.True(tracker.TrySend(0, b));
        Assert.True(tracker.TrySend(1, a));
    }

    [Fact]
    public void TrySend_FirstReceiverGone_PieceGoesToTheNextAsker()
    {
        var tracker = Create(2);
        var a = new Peer();
        var b = new Peer();
        var c = new Peer();
        Assert.True(tracker.TrySend(0, a));

        a.Gone = true;

        Assert.True(tracker.TrySend(0, b));
        Assert.False(tracker.TrySend(0, c));
        Assert.Equal(1, tracker.Unsent);
    }
}
