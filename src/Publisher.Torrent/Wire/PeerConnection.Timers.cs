using System.Buffers;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <content>Keep-alives, the idle timeout and stale requests, checked every tick of the injected clock.</content>
internal sealed partial class PeerConnection
{
    /// <summary>When the pending flush started (0 when none): a peer that stops reading is closed after the idle timeout.</summary>
    private long _flushStarted;

    /// <summary>True while a flush waits for the transport (the peer is not reading fast enough).</summary>
    public bool IsSendPending => Volatile.Read(ref _flushStarted) != 0;

    private async Task RunTimersAsync(PeriodicTimer timer, IPeerMessageHandler handler)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(CancellationToken.None))
            {
                if (IsClosed)
                {
                    return;
                }

                var now = _time.GetTimestamp();
                DownloadRate.Sample(now, _time);
                UploadRate.Sample(now, _time);
                if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) >= _options.IdleTimeout)
                {
                    Close(PeerCloseReason.IdleTimeout, message: "the peer sent nothing");
                    return;
                }

                var flushStarted = Volatile.Read(ref _flushStarted);
                if (flushStarted != 0 && _time.GetElapsedTime(flushStarted, now) >= _options.IdleTimeout)
                {
                    Close(PeerCloseReason.IdleTimeout, message: "the peer stopped reading what we send");
                    return;
                }

                await CancelStaleRequestsAsync(handler, now);
                if (_time.GetElapsedTime(Volatile.Read(ref _lastSent), now) >= _options.KeepAliveInterval)
                {
                    await SendKeepAliveIfIdleAsync();
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The timer was disposed as the connection closed.
        }
    }

    /// <summary>
    /// When requests are outstanding and no block has arrived for <see cref="PeerConnectionOptions.RequestTimeout"/>,
    /// cancels them all, hands them back to the engine and restarts from the minimum depth.
    /// </summary>
    private async ValueTask CancelStaleRequestsAsync(IPeerMessageHandler handler, long now)
    {
        BlockRequest[]? stale = null;
        var count = 0;
        lock (_stateLock)
        {
            var expiredBefore = now - (long)(_options.RequestTimeout.TotalSeconds * _time.TimestampFrequency);
            _outstanding.ExpireCancelled(expiredBefore);
            if (_outstanding.ActiveCount > 0 && _time.GetElapsedTime(_lastProgress, now) >= _options.RequestTimeout)
            {
                stale = ArrayPool<BlockRequest>.Shared.Rent(_outstanding.ActiveCount);
                count = _outstanding.CancelAll(stale);
                _lastProgress = now;
            }
        }

        if (stale is null)
        {
            return;
        }

        try
        {
            handler.OnRequestsAbandoned(this, stale.AsSpan(0, count));
            await SendCoreAsync(count * MessageWriter.BlockMessageLength, (stale, count), static (span, state) =>
            {
                var written = 0;
                for (var i = 0; i < state.count; i++)
                {
                    var b = state.stale[i];
                    written += MessageWriter.WriteBlock(span[written..], PeerMessageId.Cancel, b.Piece, b.Begin, b.Length);
                }

                return written;
            }, onlyIfIdle: true, CancellationToken.None);
        }
        finally
        {
            ArrayPool<BlockRequest>.Shared.Return(stale);
        }
    }
}
