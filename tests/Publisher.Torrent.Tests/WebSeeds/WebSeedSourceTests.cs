using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Tests.Trackers;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>The resilience pipeline of one seed, on a fake handler and a manual clock: no real waiting.</summary>
public sealed class WebSeedSourceTests : IDisposable
{
    private const string SeedUrl = "http://seed.test/files/one.bin";
    private readonly TempDirectory _root = new("webseed-source");
    private readonly ManualTimeProvider _clock = new();
    private readonly TorrentInfo _torrent;
    private readonly byte[] _data;
    private readonly FakeSeedHandler _handler;
    private readonly HttpMessageInvoker _http;

    public WebSeedSourceTests()
    {
        _torrent = WebSeedTestData.SingleAsync(_root, "one.bin", 40_000, [], TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        _data = File.ReadAllBytes(_root.Combine("one.bin"));
        _handler = new FakeSeedHandler(new() { ["/files/one.bin"] = _data });
        _http = new HttpMessageInvoker(_handler);
    }

    public void Dispose()
    {
        _http.Dispose();
        _root.Dispose();
    }

    private static WebSeedOptions Options(int retries = 3) => new()
    {
        MaxRetryAttempts = retries,
        AttemptTimeout = TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        MinimumThroughput = 100,
    };

    private WebSeedSource Source(WebSeedOptions? options = null) => new(SeedUrl, _torrent, _http, options ?? Options(), _clock);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private async Task WaitForTimerAsync(TimeSpan due) => await WaitUntilAsync(() => _clock.PendingDueTimes().Contains(due));

    [Fact]
    public async Task FetchAsync_Range_GetsExactlyThoseBytesWithOneRangeRequest()
    {
        using var source = Source();
        var buffer = new byte[16 * 1024];

        var result = await source.FetchAsync(16 * 1024, buffer, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Message);
        Assert.True(_data.AsSpan(16 * 1024, buffer.Length).SequenceEqual(buffer));
        Assert.Equal(1, _handler.Requests);
        Assert.Equal(buffer.Length, source.BytesReceived);
    }

    [Fact]
    public async Task FetchAsync_503WithRetryAfter_WaitsExactlyThatLongThenRetries()
    {
        _handler.Script = (n, _, _) => Task.FromResult<HttpResponseMessage?>(n == 1 ? Busy(TimeSpan.FromSeconds(3)) : null);
        using var source = Source();
        var buffer = new byte[1000];

        var fetch = source.FetchAsync(0, buffer, TestContext.Current.CancellationToken);
        await WaitForTimerAsync(TimeSpan.FromSeconds(3));
        Assert.False(fetch.IsCompleted);
        Assert.Equal(1, _handler.Requests);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var result = await fetch;

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(2, _handler.Requests);
        Assert.True(_data.AsSpan(0, 1000).SequenceEqual(buffer));
    }

    [Fact]
    public async Task FetchAsync_RetryAfterLongerThanTheInlineLimit_GivesTheRequestBackAtOnce()
    {
        _handler.Script = (_, _, _) => Task.FromResult<HttpResponseMessage?>(Busy(TimeSpan.FromSeconds(120)));
        using var source = Source();

        var result = await source.FetchAsync(0, new byte[1000], TestContext.Current.CancellationToken);

        Assert.Equal(WebSeedFetchStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Equal(1, _handler.Requests);
    }

    [Fact]
    public async Task FetchAsync_ConnectionReset_IsRetriedAfterAJitteredDelay()
    {
        _handler.Script = (n, _, _) => n == 1
            ? throw new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset))
            : Task.FromResult<HttpResponseMessage?>(null);
        using var source = Source();

        var fetch = source.FetchAsync(0, new byte[1000], TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => _handler.Requests == 1 && _clock.PendingDueTimes().Count == 1);
        var delay = Assert.Single(_clock.PendingDueTimes());
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        _clock.Advance(delay);
        var result = await fetch;

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(2, _handler.Requests);
    }

    [Fact]
    public async Task FetchAsync_ServerHangs_AttemptTimesOutOnTheClockAndIsRetried()
    {
        _handler.Script = async (n, _, token) =>
        {
            if (n == 1)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return null;
        };
        using var source = Source();

        var fetch = source.FetchAsync(0, new byte[1000], TestContext.Current.CancellationToken);
        await WaitForTimerAsync(TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => _clock.PendingDueTimes().Count == 1 && _clock.PendingDueTimes()[0] < TimeSpan.FromSeconds(10));
        _clock.Advance(_clock.PendingDueTimes()[0]);
        var result = await fetch;

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(2, _handler.Requests);
    }

    [Fact]
    public async Task FetchAsync_RepeatedFailures_OpenTheCircuitAndStopSendingUntilItCloses()
    {
        var failing = true;
        _handler.Script = (_, _, _) => Task.FromResult<HttpResponseMessage?>(failing ? new HttpResponseMessage(HttpStatusCode.InternalServerError) : null);
        using var source = Source(Options(retries: 0) with { MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(30) });
        var token = TestContext.Current.CancellationToken;

        Assert.Equal(WebSeedFetchStatus.Transient, (await source.FetchAsync(0, new byte[100], token)).Status);
        Assert.Equal(WebSeedFetchStatus.Transient, (await source.FetchAsync(0, new byte[100], token)).Status);
        var open = await source.FetchAsync(0, new byte[100], token);
        var sentWhileOpen = _handler.Requests;
        failing = false;
        _clock.Advance(TimeSpan.FromSeconds(30));
        var closed = await source.FetchAsync(0, new byte[100], token);

        Assert.Equal(WebSeedFetchStatus.Unavailable, open.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), open.RetryAfter);
        Assert.Equal(2, sentWhileOpen);
        Assert.True(closed.IsSuccess, closed.Message);
    }

    [Fact]
    public async Task FetchAsync_BodyEndsEarly_IsAnErrorNotData()
    {
        _handler.Script = (_, _, _) =>
        {
            var content = new StreamContent(new NonSeekableStream(new byte[500]));
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, 999, _data.Length);
            return Task.FromResult<HttpResponseMessage?>(new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content });
        };
        using var source = Source(Options(retries: 0));

        var result = await source.FetchAsync(0, new byte[1000], TestContext.Current.CancellationToken);

        Assert.Equal(WebSeedFetchStatus.Transient, result.Status);
        Assert.Contains("ended after 500 of 1000", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_WithAReceiverWhenABodyOfGarbageBreaksOff_TheRetryIsHashedAfreshAndEveryPieceIsGood()
    {
        _handler.Script = (n, _, _) =>
        {
            if (n > 1)
            {
                return Task.FromResult<HttpResponseMessage?>(null);
            }

            var garbage = new byte[25_000];
            garbage.AsSpan().Fill(0xee);
            var content = new StreamContent(new NonSeekableStream(garbage));
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, _data.Length - 1, _data.Length);
            return Task.FromResult<HttpResponseMessage?>(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        };
        using var source = Source();
        using var hasher = new WebSeedPieceHasher(_torrent);
        var buffer = new byte[_data.Length];
        hasher.Begin(0, _torrent.PieceCount, buffer);

        var fetch = source.FetchAsync(0, buffer, new HashingReceiver(hasher), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => _handler.Requests == 1 && _clock.PendingDueTimes().Count == 1);
        var judgedOnGarbage = hasher.PiecesJudged;
        var firstOnGarbage = hasher.IsGood(0);
        _clock.Advance(Assert.Single(_clock.PendingDueTimes()));
        var result = await fetch;

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(1, judgedOnGarbage);
        Assert.False(firstOnGarbage);
        Assert.Equal(_torrent.PieceCount, hasher.PiecesJudged);
        for (var piece = 0; piece < _torrent.PieceCount; piece++)
        {
            Assert.True(hasher.IsGood(piece), $"piece {piece}");
        }
    }

    [Fact]
    public async Task FetchAsync_WrongRange_MarksTheSeedBadForTheFileAndSendsNothingMore()
    {
        _handler.Script = (_, _, _) => Task.FromResult<HttpResponseMessage?>(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_data) });
        using var source = Source();
        var token = TestContext.Current.CancellationToken;

        var first = await source.FetchAsync(100, new byte[1000], token);
        var second = await source.FetchAsync(5000, new byte[1000], token);

        Assert.Equal(WebSeedFetchStatus.Rejected, first.Status);
        Assert.Equal(WebSeedFetchStatus.BadFile, second.Status);
        Assert.Equal(1, _handler.Requests);
        Assert.True(source.IsBadFile(0));
        Assert.False(source.CanServe(0, 10));
    }

    private static HttpResponseMessage Busy(TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    private sealed class HashingReceiver(WebSeedPieceHasher hasher) : IWebSeedReceiver
    {
        public void Restart(int position) => hasher.Restart(position);

        public ValueTask FilledAsync(int start, int end, CancellationToken cancellationToken)
        {
            hasher.Filled(start, end);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
