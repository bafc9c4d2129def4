using Publisher.Torrent.Trackers;
using Xunit;

namespace Publisher.Torrent.Tests.Trackers;

public sealed class TrackerSessionTests
{
    private static readonly Uri A = new("http://a.example/announce");
    private static readonly Uri B = new("http://b.example/announce");
    private static readonly Uri C = new("udp://c.example:6969");

    private static TrackerSession Session(FakeTrackerClient client, ManualTimeProvider time, params Uri[][] tiers) => new(
        tiers,
        client,
        new TrackerSessionOptions
        {
            InfoHash = TrackerTestData.InfoHash,
            PeerId = TrackerTestData.PeerId,
            Port = 6881,
            Key = 77,
            TimeProvider = time,
            ShuffleSeed = 1,
        },
        () => new AnnounceProgress(10, 20, 30));

    private static List<Uri> Order(TrackerSession session) => session.GetStatus().Select(s => s.Url).ToList();

    [Fact]
    public async Task AnnounceAsync_FirstOfTierFails_TriesTheNextAndMovesItToTheFront()
    {
        var client = new FakeTrackerClient();
        using var session = Session(client, new ManualTimeProvider(), [A, B]);
        var order = Order(session);
        client.Answer(order[0], _ => FakeTrackerClient.Down());
        client.Answer(order[1], _ => FakeTrackerClient.Peers());

        var result = await session.AnnounceAsync(TrackerEvent.None, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess);
        Assert.Equal(order, client.Calls.Select(c => c.Url));
        Assert.Equal([order[1], order[0]], Order(session));
        var failed = session.GetStatus()[1];
        Assert.Equal((TrackerFailure.Unreachable, "connection refused", 1), (failed.LastFailure, failed.LastError, failed.ConsecutiveFailures));
    }

    [Fact]
    public async Task AnnounceAsync_WholeTierFails_UsesTheNextTier()
    {
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Down());
        client.Answer(B, _ => AnnounceResult.Failed(TrackerFailure.Rejected, "unregistered torrent"));
        client.Answer(C, _ => FakeTrackerClient.Peers());
        using var session = Session(client, new ManualTimeProvider(), [A, B], [C]);
        var peers = new List<TrackerPeer>();
        session.PeersReceived += (_, e) => peers.AddRange(e.Peers);

        var result = await session.AnnounceAsync(TrackerEvent.None, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess);
        Assert.Equal(3, client.Calls.Count);
        Assert.Equal(C, client.Calls[2].Url);
        Assert.Single(peers);
        Assert.Contains(session.GetStatus(), s => s.Url == B && s.LastError == "unregistered torrent");
    }

    [Fact]
    public async Task AnnounceAsync_SilentTracker_TimesOutOnTheClockAndUsesTheNextTier()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.AnswerAsync(C, async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return FakeTrackerClient.Down();
        });
        client.Answer(A, _ => FakeTrackerClient.Peers());
        using var session = Session(client, time, [C], [A]);
        var token = TestContext.Current.CancellationToken;

        var round = session.AnnounceAsync(TrackerEvent.None, token).AsTask();
        await client.WaitForCallsAsync(1, token);
        await time.WaitForTimersAsync(1, token);
        Assert.Equal(TimeSpan.FromMinutes(2), Assert.Single(time.PendingDueTimes()));
        time.Advance(TimeSpan.FromMinutes(2));
        var result = await round.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.True(result.IsSuccess);
        Assert.Equal([C, A], client.Calls.Select(c => c.Url));
        Assert.Equal(TrackerFailure.Timeout, session.GetStatus()[0].LastFailure);
    }

    [Fact]
    public void Constructor_ShufflesEachTierOnce()
    {
        var urls = Enumerable.Range(0, 8).Select(i => new Uri($"http://t{i}.example/announce")).ToArray();
        var orders = new HashSet<string>();
        for (var seed = 0; seed < 5; seed++)
        {
            using var session = new TrackerSession(
                [urls],
                new FakeTrackerClient(),
                new TrackerSessionOptions { InfoHash = TrackerTestData.InfoHash, PeerId = TrackerTestData.PeerId, Port = 1, ShuffleSeed = seed },
                () => default);
            var order = Order(session);
            Assert.Equal(urls.OrderBy(u => u.Host), order.OrderBy(u => u.Host));
            orders.Add(string.Join(',', order));
        }

        Assert.True(orders.Count > 1);
    }

    [Fact]
    public async Task AnnounceAsync_SecondAnnounce_SendsStartedOnceThenNoneAndEchoesTrackerId()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Peers(interval: 600, trackerId: "tid-1"));
        using var session = Session(client, time, [A]);
        var token = TestContext.Current.CancellationToken;

        await session.AnnounceAsync(TrackerEvent.None, token);
        time.Advance(TimeSpan.FromSeconds(600));
        await session.AnnounceAsync(TrackerEvent.None, token);

        var calls = client.Calls;
        Assert.Equal([TrackerEvent.Started, TrackerEvent.None], calls.Select(c => c.Request.Event));
        Assert.Null(calls[0].Request.TrackerId);
        Assert.Equal("tid-1", calls[1].Request.TrackerId);
        Assert.Equal((10L, 20L, 30L, 77U), (calls[1].Request.Uploaded, calls[1].Request.Downloaded, calls[1].Request.Left, calls[1].Request.Key));
    }

    [Fact]
    public async Task AnnounceAsync_InsideMinInterval_IsNotDueAndAsksNoOtherTracker()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Peers(interval: 1800, minInterval: 300));
        client.Answer(B, _ => FakeTrackerClient.Peers());
        using var session = Session(client, time, [A], [B]);
        var token = TestContext.Current.CancellationToken;
        await session.AnnounceAsync(TrackerEvent.None, token);

        time.Advance(TimeSpan.FromSeconds(299));
        var early = await session.AnnounceAsync(TrackerEvent.None, token);
        time.Advance(TimeSpan.FromSeconds(1));
        var onTime = await session.AnnounceAsync(TrackerEvent.None, token);

        Assert.Equal(TrackerFailure.NotDue, early.Failure);
        Assert.True(onTime.IsSuccess);
        Assert.Equal([A, A], client.Calls.Select(c => c.Url));
    }

    [Fact]
    public async Task AnnounceAsync_Completed_IgnoresTheMinInterval()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Peers(interval: 1800, minInterval: 900));
        using var session = Session(client, time, [A]);
        var token = TestContext.Current.CancellationToken;
        await session.AnnounceAsync(TrackerEvent.None, token);

        var completed = await session.AnnounceAsync(TrackerEvent.Completed, token);

        Assert.True(completed.IsSuccess);
        Assert.Equal(TrackerEvent.Completed, client.Calls[^1].Request.Event);
    }

    [Fact]
    public async Task AnnounceAsync_FailingTracker_BacksOffAndNeverThrows()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.Answer(A, _ => throw new InvalidOperationException("broken client"));
        using var session = Session(client, time, [A]);
        var token = TestContext.Current.CancellationToken;

        var first = await session.AnnounceAsync(TrackerEvent.None, token);
        var immediately = await session.AnnounceAsync(TrackerEvent.None, token);
        time.Advance(TimeSpan.FromMinutes(1));
        await session.AnnounceAsync(TrackerEvent.None, token);
        var status = Assert.Single(session.GetStatus());

        Assert.Equal(TrackerFailure.Unreachable, first.Failure);
        Assert.Contains("broken client", first.FailureReason, StringComparison.Ordinal);
        Assert.Equal(TrackerFailure.NotDue, immediately.Failure);
        Assert.Equal(2, client.Calls.Count);
        Assert.Equal(2, status.ConsecutiveFailures);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(2), status.NextAnnounce);
        Assert.Equal([TrackerEvent.Started, TrackerEvent.Started], client.Calls.Select(c => c.Request.Event));
    }

    [Fact]
    public async Task RunAsync_AnnouncesAtTheIntervalAndEndsOnCancellation()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Peers(interval: 1800));
        using var session = Session(client, time, [A]);
        var received = 0;
        session.PeersReceived += (_, _) => Interlocked.Increment(ref received);
        var token = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);

        var run = session.RunAsync(stop.Token);
        await client.WaitForCallsAsync(1, token);
        await time.WaitForTimersAsync(1, token);
        Assert.Equal(TimeSpan.FromSeconds(1800), Assert.Single(time.PendingDueTimes()));
        time.Advance(TimeSpan.FromSeconds(1800));
        await client.WaitForCallsAsync(2, token);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.Equal([TrackerEvent.Started, TrackerEvent.None], client.Calls.Select(c => c.Request.Event));
        Assert.Equal(2, received);
    }

    [Fact]
    public async Task RunAsync_AnnounceCompleted_AnnouncesAtOnceWithCompleted()
    {
        var time = new ManualTimeProvider();
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Peers(interval: 1800, minInterval: 600));
        using var session = Session(client, time, [A]);
        var token = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);

        var run = session.RunAsync(stop.Token);
        await client.WaitForCallsAsync(1, token);
        session.AnnounceCompleted();
        await client.WaitForCallsAsync(2, token);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), token);

        Assert.Equal(TrackerEvent.Completed, client.Calls[1].Request.Event);
    }

    [Fact]
    public async Task StopAsync_AfterStarted_SendsStoppedToTrackersThatWereStarted()
    {
        var client = new FakeTrackerClient();
        client.Answer(A, _ => FakeTrackerClient.Peers());
        client.Answer(B, _ => FakeTrackerClient.Peers());
        using var session = Session(client, new ManualTimeProvider(), [A], [B]);
        var token = TestContext.Current.CancellationToken;
        await session.AnnounceAsync(TrackerEvent.None, token);

        await session.StopAsync(token);

        Assert.Equal([(A, TrackerEvent.Started), (A, TrackerEvent.Stopped)], client.Calls.Select(c => (c.Url, c.Request.Event)));
        Assert.Equal(0, client.Calls[1].Request.NumWant);
    }
}
