using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <content>
/// The request pipeline. Depth adapts to the measured rate: enough requests to cover
/// <see cref="PeerConnectionOptions.RequestQueueTime"/> of transfer, between the minimum and the smaller of our
/// maximum and the peer's advertised <c>reqq</c>.
/// </content>
internal sealed partial class PeerConnection
{
    private readonly OutstandingRequests _outstanding;
    private readonly BlockRequest[] _requestScratch;
    private long _lastProgress;
    private int _peerRequestQueueLength = ProtocolLimits.MaxOutstandingRequests;

    /// <summary>The peer's <c>reqq</c> from its extension handshake (BEP 10); caps our pipeline depth.</summary>
    public int PeerRequestQueueLength
    {
        get => Volatile.Read(ref _peerRequestQueueLength);
        set => Volatile.Write(ref _peerRequestQueueLength, Math.Clamp(value, 1, ProtocolLimits.MaxOutstandingRequests));
    }

    /// <summary>Requests sent and not yet answered, rejected or cancelled.</summary>
    public int OutstandingRequestCount
    {
        get
        {
            lock (_stateLock)
            {
                return _outstanding.ActiveCount;
            }
        }
    }

    /// <summary>How many requests the pipeline aims to keep outstanding now.</summary>
    public int TargetRequestDepth
    {
        get
        {
            var max = Math.Min(_options.MaxRequestDepth, PeerRequestQueueLength);
            var rate = DownloadRate.BytesPerSecond;
            if (rate <= 0)
            {
                return Math.Min(_options.InitialRequestDepth, max);
            }

            var depth = rate * _options.RequestQueueTime.TotalSeconds / ProtocolLimits.BlockLength;
            return (int)Math.Clamp(Math.Ceiling(depth), Math.Min(_options.MinRequestDepth, max), max);
        }
    }

    /// <summary>
    /// Asks the handler for blocks to fill the pipeline and sends them in one write. The read loop calls this after
    /// each batch of messages; the engine calls it when new pieces become wanted (a have, an unchoke it saw).
    /// </summary>
    public ValueTask<bool> RequestMoreAsync(IPeerMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return TopUpRequestsAsync(handler, cancellationToken);
    }

    /// <summary>
    /// Cancels one outstanding request (endgame: another peer delivered it) and tells the peer. Returns false when
    /// the request was not outstanding. The block is not reported as abandoned: the caller already has it.
    /// </summary>
    public ValueTask<bool> CancelRequestAsync(BlockRequest block, CancellationToken cancellationToken)
    {
        bool wasActive;
        lock (_stateLock)
        {
            wasActive = _outstanding.Cancel(block);
        }

        return wasActive
            ? SendAsync(MessageWriter.BlockMessageLength, block, static (span, b) => MessageWriter.WriteBlock(span, PeerMessageId.Cancel, b.Piece, b.Begin, b.Length), cancellationToken)
            : ValueTask.FromResult(false);
    }

    private async ValueTask<bool> TopUpRequestsAsync(IPeerMessageHandler handler, CancellationToken cancellationToken)
    {
        if (IsClosed || (PeerChoking && _allowedFastCount == 0))
        {
            return false;
        }

        lock (_stateLock)
        {
            if (_outstanding.ActiveCount >= TargetRequestDepth)
            {
                // The pipeline is full: do not touch the write gate.
                return true;
            }
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (IsClosed)
            {
                return false;
            }

            int room;
            lock (_stateLock)
            {
                room = Math.Min(TargetRequestDepth - _outstanding.ActiveCount, _requestScratch.Length);
            }

            if (room <= 0)
            {
                return true;
            }

            var count = handler.FillRequests(this, _requestScratch.AsSpan(0, room));
            if (count <= 0)
            {
                return true;
            }

            count = Math.Min(count, room);
            var span = _output.GetSpan(count * MessageWriter.BlockMessageLength);
            var written = 0;
            var now = _time.GetTimestamp();
            lock (_stateLock)
            {
                if (_outstanding.ActiveCount == 0)
                {
                    _lastProgress = now;
                }

                for (var i = 0; i < count; i++)
                {
                    var block = _requestScratch[i];
                    written += MessageWriter.WriteBlock(span[written..], PeerMessageId.Request, block.Piece, block.Begin, block.Length);
                    _outstanding.Add(block, now);
                }
            }

            _output.Advance(written);
            return await FlushLockedAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
