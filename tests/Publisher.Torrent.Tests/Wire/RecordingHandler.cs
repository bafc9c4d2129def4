using System.Buffers;
using System.Collections.Concurrent;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Tests.Wire;

/// <summary>A message handler that records what it is told and lets a test wait for conditions.</summary>
internal sealed class RecordingHandler : IPeerMessageHandler
{
    private readonly SemaphoreSlim _changed = new(0);

    public ConcurrentQueue<PeerMessageKind> Messages { get; } = new();

    public ConcurrentQueue<(BlockRequest Block, byte[] Data)> Blocks { get; } = new();

    public ConcurrentQueue<BlockRequest> Abandoned { get; } = new();

    public ConcurrentQueue<BlockRequest> Requested { get; } = new();

    /// <summary>Blocks handed out by <see cref="FillRequests"/>.</summary>
    public ConcurrentQueue<BlockRequest> ToRequest { get; } = new();

    public TaskCompletionSource<PeerCloseInfo> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called for every message; e.g. to answer requests.</summary>
    public Action<PeerConnection, PeerMessage>? OnMessageCallback { get; set; }

    public void OnMessage(PeerConnection connection, in PeerMessage message)
    {
        Messages.Enqueue(message.Kind);
        if (message.Kind == PeerMessageKind.Request)
        {
            Requested.Enqueue(new BlockRequest(message.Index, message.Begin, message.Length));
        }

        OnMessageCallback?.Invoke(connection, message);
        _changed.Release();
    }

    public void OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data)
    {
        Blocks.Enqueue((block, data.ToArray()));
        _changed.Release();
    }

    public void OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests)
    {
        foreach (var request in requests)
        {
            Abandoned.Enqueue(request);
        }

        _changed.Release();
    }

    public int FillRequests(PeerConnection connection, Span<BlockRequest> destination)
    {
        var count = 0;
        while (count < destination.Length && ToRequest.TryDequeue(out var block))
        {
            destination[count++] = block;
        }

        return count;
    }

    public void OnClosed(PeerConnection connection, PeerCloseInfo info)
    {
        Closed.TrySetResult(info);
        _changed.Release();
    }

    /// <summary>Waits (at most 30 s: CI machines are shared and slow) until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The condition did not become true within 30 s.");
            }

            await _changed.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(50, left.TotalMilliseconds)), cancellationToken);
        }
    }
}
