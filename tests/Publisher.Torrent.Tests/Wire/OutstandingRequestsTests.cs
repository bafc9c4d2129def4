using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class OutstandingRequestsTests
{
    [Fact]
    public void Complete_OutOfOrderAndCancelled_MatchesEachKind()
    {
        var requests = new OutstandingRequests(4);
        for (var i = 0; i < 4; i++)
        {
            requests.Add(new BlockRequest(i, 0, 100), sentAt: i);
        }

        Assert.Equal(RequestMatch.Active, requests.Complete(2, 0, 100));
        Assert.Equal(RequestMatch.None, requests.Complete(2, 0, 100));
        Assert.True(requests.Cancel(new BlockRequest(0, 0, 100)));
        Assert.False(requests.Cancel(new BlockRequest(0, 0, 100)));
        Assert.Equal(2, requests.ActiveCount);
        Assert.Equal(RequestMatch.Cancelled, requests.Complete(0, 0, 100));
        Assert.Equal(RequestMatch.None, requests.Complete(1, 0, 99));
        Assert.Equal(RequestMatch.Active, requests.Complete(1, 0, 100));
        Assert.Equal(1, requests.ActiveCount);
    }

    [Fact]
    public void Add_ManyRoundsOfInOrderAnswers_NeverRunsOutOfRoom()
    {
        var requests = new OutstandingRequests(8);
        var active = new List<int>();
        var next = 0;
        for (var round = 0; round < 1000; round++)
        {
            while (requests.ActiveCount < 8)
            {
                requests.Add(new BlockRequest(next, 0, 1), round);
                active.Add(next++);
            }

            Assert.Equal(RequestMatch.Active, requests.Complete(active[0], 0, 1));
            active.RemoveAt(0);
            if (round % 7 == 0)
            {
                Assert.True(requests.Cancel(new BlockRequest(active[^1], 0, 1)));
                active.RemoveAt(active.Count - 1);
            }

            requests.ExpireCancelled(round - 2);
            Assert.Equal(active.Count, requests.ActiveCount);
        }
    }

    [Fact]
    public void CancelAll_ThenExpire_ForgetsCancelledRequests()
    {
        var requests = new OutstandingRequests(4);
        requests.Add(new BlockRequest(1, 0, 10), sentAt: 5);
        requests.Add(new BlockRequest(2, 0, 10), sentAt: 9);
        var cancelled = new BlockRequest[4];

        Assert.Equal(2, requests.CancelAll(cancelled));
        Assert.Equal(0, requests.ActiveCount);
        requests.ExpireCancelled(sentBefore: 6);
        Assert.Equal(RequestMatch.None, requests.Complete(1, 0, 10));
        Assert.Equal(RequestMatch.Cancelled, requests.Complete(2, 0, 10));
    }
}
