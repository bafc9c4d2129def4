using Publisher.Torrent.Tests.Trackers;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

public sealed class PeersFirstOffloadPolicyTests
{
    private const long MB = 1_000_000;
    private readonly ManualTimeProvider _clock = new();

    private PeersFirstOffloadPolicy Policy(PeersFirstOffloadOptions? options = null) =>
        new(options ?? new PeersFirstOffloadOptions { TargetPeerRate = 10 * MB, RateWindow = TimeSpan.FromSeconds(5), Warmup = TimeSpan.FromSeconds(5), MaxConcurrentRequests = 4 }, _clock);

    private static OffloadSnapshot Snapshot(int peers, int unavailable, long fromPeers, long origin = 0, long remaining = 100 * MB) =>
        new(peers, unavailable, remaining, fromPeers, origin);

    /// <summary>Feeds one snapshot a second for <paramref name="seconds"/> seconds with peers delivering <paramref name="rate"/> bytes/s; returns the last decision.</summary>
    private OffloadDecision Run(PeersFirstOffloadPolicy policy, int seconds, int peers, int unavailable, long rate, ref long fromPeers, long origin = 0)
    {
        var decision = policy.Decide(Snapshot(peers, unavailable, fromPeers, origin));
        for (var i = 0; i < seconds; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            fromPeers += rate;
            decision = policy.Decide(Snapshot(peers, unavailable, fromPeers, origin));
        }

        return decision;
    }

    [Fact]
    public void Decide_NoPeers_FullSpeed()
    {
        var policy = Policy();

        Assert.Equal(new OffloadDecision(OffloadMode.FullSpeed, 4), policy.Decide(Snapshot(0, 50, 0)));
    }

    [Fact]
    public void Decide_NoPeersButDialling_IdleUntilPeerWaitThenFullSpeed()
    {
        var policy = Policy(new PeersFirstOffloadOptions { PeerWait = TimeSpan.FromSeconds(2) });
        var dialling = Snapshot(0, 50, 0) with { PendingPeers = 1 };

        Assert.Equal(OffloadDecision.Idle, policy.Decide(dialling));
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(OffloadDecision.Idle, policy.Decide(dialling));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new OffloadDecision(OffloadMode.FullSpeed, 4), policy.Decide(dialling));

        // The dial failed: no wait at all the next time nobody is connected or dialled.
        Assert.Equal(new OffloadDecision(OffloadMode.FullSpeed, 4), policy.Decide(Snapshot(0, 50, 0)));
    }

    [Fact]
    public void Decide_NothingLeft_Idle()
    {
        var policy = Policy();

        Assert.Equal(OffloadDecision.Idle, policy.Decide(Snapshot(0, 0, 0, remaining: 0)));
    }

    [Fact]
    public void Decide_FastPeersAndNoGaps_Idle()
    {
        var policy = Policy();
        long fromPeers = 0;

        var decision = Run(policy, 10, peers: 5, unavailable: 0, rate: 20 * MB, ref fromPeers);

        Assert.Equal(OffloadDecision.Idle, decision);
    }

    [Fact]
    public void Decide_FastPeersWithGaps_FetchesOnlyTheGapsWithAFairShareOfRequests()
    {
        var policy = Policy();
        long fromPeers = 0;

        var few = Run(policy, 10, peers: 1, unavailable: 1, rate: 20 * MB, ref fromPeers);
        var onePeer = policy.Decide(Snapshot(1, 30, fromPeers));
        var swarm = policy.Decide(Snapshot(7, 30, fromPeers));

        Assert.Equal(new OffloadDecision(OffloadMode.UnavailableOnly, 1), few);
        // ceil(4 / (peers + 1)): the other peers see the same gaps and may be fetching them from the origin too.
        Assert.Equal(new OffloadDecision(OffloadMode.UnavailableOnly, 2), onePeer);
        Assert.Equal(new OffloadDecision(OffloadMode.UnavailableOnly, 1), swarm);
    }

    [Fact]
    public void Decide_SlowPeersDuringWarmup_WaitsForThem()
    {
        var policy = Policy();
        long fromPeers = 0;

        var decision = Run(policy, 4, peers: 3, unavailable: 0, rate: 0, ref fromPeers);

        Assert.Equal(OffloadDecision.Idle, decision);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(5 * MB, 2)]
    [InlineData(9 * MB, 1)]
    public void Decide_PeersBelowTheTargetAfterWarmup_TopsUpInProportionToTheShortfall(long rate, int requests)
    {
        var policy = Policy();
        long fromPeers = 0;

        var decision = Run(policy, 12, peers: 3, unavailable: 0, rate: rate, ref fromPeers);

        Assert.Equal(new OffloadDecision(OffloadMode.TopUp, requests), decision);
    }

    [Fact]
    public void Decide_PeersSpeedUp_StopsToppingUpOnceTheWindowSeesIt()
    {
        var policy = Policy();
        long fromPeers = 0;
        var slow = Run(policy, 10, peers: 3, unavailable: 0, rate: 1 * MB, ref fromPeers);

        var fast = Run(policy, 6, peers: 3, unavailable: 0, rate: 30 * MB, ref fromPeers);

        Assert.Equal(OffloadMode.TopUp, slow.Mode);
        Assert.Equal(OffloadDecision.Idle, fast);
    }

    [Fact]
    public void Decide_TargetZero_NeverTopsUp()
    {
        var policy = Policy(new PeersFirstOffloadOptions { TargetPeerRate = 0, Warmup = TimeSpan.Zero });
        long fromPeers = 0;

        Assert.Equal(OffloadDecision.Idle, Run(policy, 10, peers: 2, unavailable: 0, rate: 0, ref fromPeers));
    }

    [Fact]
    public void Decide_BudgetSpent_IdleWhilePeersProgressEvenWithGaps()
    {
        var policy = Policy(new PeersFirstOffloadOptions { TargetPeerRate = 10 * MB, OriginByteBudget = 50 * MB, StallTimeout = TimeSpan.FromSeconds(30) });
        long fromPeers = 0;

        var decision = Run(policy, 60, peers: 3, unavailable: 5, rate: 1 * MB, ref fromPeers, origin: 50 * MB);

        Assert.Equal(OffloadDecision.Idle, decision);
    }

    [Fact]
    public void Decide_BudgetSpentAndPeersStalled_ServesOnlyPiecesNoPeerHas()
    {
        var policy = Policy(new PeersFirstOffloadOptions { TargetPeerRate = 10 * MB, OriginByteBudget = 50 * MB, StallTimeout = TimeSpan.FromSeconds(30), MaxConcurrentRequests = 4 });
        long fromPeers = 0;

        var before = Run(policy, 29, peers: 3, unavailable: 5, rate: 0, ref fromPeers, origin: 60 * MB);
        var after = Run(policy, 1, peers: 3, unavailable: 5, rate: 0, ref fromPeers, origin: 60 * MB);
        var allHeld = policy.Decide(Snapshot(3, 0, fromPeers, origin: 60 * MB));

        Assert.Equal(OffloadDecision.Idle, before);
        Assert.Equal(new OffloadDecision(OffloadMode.UnavailableOnly, 4), after);
        Assert.Equal(OffloadDecision.Idle, allHeld);
    }

    [Fact]
    public void Decide_BudgetNotYetSpent_BehavesAsWithout()
    {
        var policy = Policy(new PeersFirstOffloadOptions { TargetPeerRate = 10 * MB, OriginByteBudget = 50 * MB });

        Assert.Equal(new OffloadDecision(OffloadMode.FullSpeed, 4), policy.Decide(Snapshot(0, 10, 0, origin: 49 * MB)));
    }

    [Fact]
    public void Decide_PeersLeaveAndReturn_WarmupStartsAgain()
    {
        var policy = Policy();
        long fromPeers = 0;
        Run(policy, 12, peers: 3, unavailable: 0, rate: 0, ref fromPeers);
        Assert.Equal(OffloadMode.FullSpeed, policy.Decide(Snapshot(0, 10, fromPeers)).Mode);

        var back = Run(policy, 2, peers: 3, unavailable: 0, rate: 0, ref fromPeers);

        Assert.Equal(OffloadDecision.Idle, back);
    }

    [Fact]
    public void ToClaimPolicy_Modes_MapToThePickersClaims()
    {
        Assert.Null(OffloadMode.Idle.ToClaimPolicy());
        Assert.Equal(Publisher.Torrent.Pieces.PieceClaimPolicy.UnavailableOnly, OffloadMode.UnavailableOnly.ToClaimPolicy());
        Assert.Equal(Publisher.Torrent.Pieces.PieceClaimPolicy.UnavailableFirst, OffloadMode.TopUp.ToClaimPolicy());
        Assert.Equal(Publisher.Torrent.Pieces.PieceClaimPolicy.UnavailableFirst, OffloadMode.FullSpeed.ToClaimPolicy());
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeersFirstOffloadPolicy(new PeersFirstOffloadOptions { TargetPeerRate = -1 }, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeersFirstOffloadPolicy(new PeersFirstOffloadOptions { MaxConcurrentRequests = 0 }, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeersFirstOffloadPolicy(new PeersFirstOffloadOptions { OriginByteBudget = -5 }, _clock));
    }
}
