using System.Net;
using Publisher.Torrent.Trackers;

namespace Publisher.Torrent.Tests.Trackers;

/// <summary>An <see cref="ITrackerClient"/> whose answers are scripted per URL; records every announce.</summary>
internal sealed class FakeTrackerClient : ITrackerClient
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Uri, Func<AnnounceRequest, CancellationToken, Task<AnnounceResult>>> _answers = [];
    private readonly List<(Uri Url, AnnounceRequest Request)> _calls = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static AnnounceResult Peers(int interval = 1800, int? minInterval = null, string? trackerId = null) => AnnounceResult.Success(
        [new TrackerPeer(new IPEndPoint(IPAddress.Loopback, 7000))],
        TimeSpan.FromSeconds(interval),
        minInterval is null ? null : TimeSpan.FromSeconds(minInterval.Value),
        seeders: 1,
        leechers: 2,
        trackerId: trackerId);

    public static AnnounceResult Down() => AnnounceResult.Failed(TrackerFailure.Unreachable, "connection refused");

    public List<(Uri Url, AnnounceRequest Request)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public void Answer(Uri url, Func<AnnounceRequest, AnnounceResult> answer) => AnswerAsync(url, (request, _) => Task.FromResult(answer(request)));

    public void AnswerAsync(Uri url, Func<AnnounceRequest, CancellationToken, Task<AnnounceResult>> answer)
    {
        lock (_gate)
        {
            _answers[url] = answer;
        }
    }

    public async ValueTask<AnnounceResult> AnnounceAsync(Uri tracker, AnnounceRequest request, CancellationToken cancellationToken)
    {
        Func<AnnounceRequest, CancellationToken, Task<AnnounceResult>> answer;
        TaskCompletionSource changed;
        lock (_gate)
        {
            _calls.Add((tracker, request));
            answer = _answers[tracker];
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return await answer(request, cancellationToken);
    }

    public ValueTask<ScrapeResult> ScrapeAsync(Uri tracker, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ScrapeResult.Failed(TrackerFailure.NotScrapable, "not used by the session"));

    public async Task WaitForCallsAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_calls.Count >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }
}
