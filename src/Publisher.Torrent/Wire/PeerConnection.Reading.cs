using System.Buffers;
using System.IO.Pipelines;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <content>The read loop: parse in place, update connection state, dispatch to the handler, top up requests.</content>
internal sealed partial class PeerConnection
{
    private readonly int[] _allowedFast = new int[ProtocolLimits.MaxAllowedFastFromPeer];
    private int _allowedFastCount;
    private bool _sawPieceMessages;
    private bool _sawHave;
    private int _incomingRequests;

    /// <summary>
    /// Requests from the peer not yet answered by a piece or reject we sent, nor cancelled by the peer, nor dropped by
    /// our choke. More than <see cref="ProtocolLimits.MaxIncomingRequests"/> closes the peer (it ignored our reqq).
    /// </summary>
    public int IncomingRequestCount => Volatile.Read(ref _incomingRequests);

    /// <summary>The peer's latest BEP 10 extension handshake (it may send more than one); its <c>reqq</c> already caps our pipeline.</summary>
    public ExtendedHandshake? RemoteExtensions { get; private set; }

    /// <summary>Pieces the peer lets us request while it chokes us (BEP 6).</summary>
    public ReadOnlySpan<int> AllowedFast => _allowedFast.AsSpan(0, _allowedFastCount);

    /// <summary>True when the peer said we may request <paramref name="piece"/> while choked.</summary>
    public bool IsAllowedFast(int piece) => AllowedFast.Contains(piece);

    /// <summary>
    /// Runs the connection after the handshake until it closes: reads and dispatches messages, keeps the request
    /// pipeline full, sends keep-alives and enforces timeouts. Returns how it ended; never throws for peer behaviour.
    /// A handler's <see cref="ProtocolViolationException"/> closes the peer as a violation; any other handler
    /// exception (a bug) closes the connection and is rethrown from here.
    /// </summary>
    public Task<PeerCloseInfo> RunAsync(IPeerMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (RemoteHandshake is null || LocalHandshake is null)
        {
            throw new InvalidOperationException("Complete the handshake before running the connection.");
        }

        if (_runTask is not null)
        {
            throw new InvalidOperationException("The connection is already running.");
        }

        _runTask = RunCoreAsync(handler, cancellationToken);
        return _runTask;
    }

    private async Task<PeerCloseInfo> RunCoreAsync(IPeerMessageHandler handler, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.UnsafeRegister(static state => ((PeerConnection)state!).Close(PeerCloseReason.Cancelled, message: "cancelled"), this);
        using var timer = new PeriodicTimer(_options.TickInterval, _time);
        var timers = RunTimersAsync(timer, handler);
        try
        {
            while (!IsClosed)
            {
                ReadResult result;
                try
                {
                    result = await _input.ReadAsync(_lifetime.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception ex) when (IsTransportFailure(ex))
                {
                    Close(PeerCloseReason.TransportError, message: ex.Message);
                    break;
                }

                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                var buffer = result.Buffer;
                var ok = ProcessMessages(ref buffer, handler);
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (!ok || result.IsCanceled)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    Close(PeerCloseReason.RemoteClosed, message: "the peer closed the connection");
                    break;
                }

                await TopUpRequestsAsync(handler, CancellationToken.None);
            }
        }
        finally
        {
            Close(PeerCloseReason.Local, message: "run loop ended");
            timer.Dispose();
            await timers;
            AbandonAll(handler);
            await _input.CompleteAsync();
            handler.OnClosed(this, CloseInfo);
        }

        return CloseInfo;
    }

    /// <summary>Parses and dispatches every complete message in <paramref name="buffer"/>; false when the peer must be closed.</summary>
    private bool ProcessMessages(ref ReadOnlySequence<byte> buffer, IPeerMessageHandler handler)
    {
        while (true)
        {
            var status = _parser.TryRead(ref buffer, out var message, out var violation);
            if (status == WireReadStatus.NeedMore)
            {
                return true;
            }

            if (status == WireReadStatus.Violation)
            {
                return Violate(violation, "The peer sent a malformed or oversized message.");
            }

            try
            {
                if (!Dispatch(in message, handler))
                {
                    return false;
                }
            }
            catch (ProtocolViolationException ex)
            {
                return Violate(ex.Violation, ex.Message);
            }
        }
    }

    private bool Dispatch(in PeerMessage message, IPeerMessageHandler handler)
    {
        switch (message.Kind)
        {
            case PeerMessageKind.KeepAlive:
                return true;
            case PeerMessageKind.Piece:
                return OnPiece(in message, handler);
            case PeerMessageKind.RejectRequest:
                OnReject(in message, handler);
                return true;
            case PeerMessageKind.Choke:
                PeerChoking = true;
                if (!FastExtension)
                {
                    // BEP 3: a choke discards every pending request; with BEP 6 the peer rejects each one instead.
                    AbandonAll(handler);
                }

                break;
            case PeerMessageKind.Unchoke:
                PeerChoking = false;
                break;
            case PeerMessageKind.Interested:
                PeerInterested = true;
                break;
            case PeerMessageKind.NotInterested:
                PeerInterested = false;
                break;
            case PeerMessageKind.Have:
                _sawHave = true;
                break;
            case PeerMessageKind.Bitfield:
                // BEP 3 sends a bitfield first, but aria2 1.36 also sends one after have-none and again mid-connection
                // as an update (libtorrent tolerates it). The handler takes every bitfield as the peer's whole
                // availability, so a later one replaces, never adds; its length is still checked by the parser.
                _sawPieceMessages = true;
                break;
            case PeerMessageKind.HaveAll:
            case PeerMessageKind.HaveNone:
                if (_sawPieceMessages || _sawHave)
                {
                    return Violate(WireViolation.LateBitfield, "The peer sent have-all or have-none after other availability messages.");
                }

                _sawPieceMessages = true;
                break;
            case PeerMessageKind.Request:
                if (Interlocked.Increment(ref _incomingRequests) > ProtocolLimits.MaxIncomingRequests)
                {
                    return Violate(WireViolation.TooManyRequests, "The peer has more requests queued than our reqq allows.");
                }

                break;
            case PeerMessageKind.Cancel:
                AnsweredIncomingRequest();
                break;
            case PeerMessageKind.Extended when message.ExtendedId == ExtendedHandshake.HandshakeId:
                if (!ExtendedHandshake.TryParse(message.Payload, out var extensions))
                {
                    return Violate(WireViolation.BadExtendedMessage, "The peer's extension handshake is not a bencoded dictionary.");
                }

                RemoteExtensions = extensions;
                if (extensions!.RequestQueueLength is { } reqq)
                {
                    PeerRequestQueueLength = reqq;
                }

                break;
            case PeerMessageKind.AllowedFast:
                if (_allowedFastCount < _allowedFast.Length && !IsAllowedFast(message.Index))
                {
                    _allowedFast[_allowedFastCount++] = message.Index;
                }

                break;
        }

        handler.OnMessage(this, in message);
        return true;
    }

    private void AnsweredIncomingRequest()
    {
        var current = Volatile.Read(ref _incomingRequests);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _incomingRequests, current - 1, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private bool OnPiece(in PeerMessage message, IPeerMessageHandler handler)
    {
        RequestMatch match;
        lock (_stateLock)
        {
            match = _outstanding.Complete(message.Index, message.Begin, message.Length);
            if (match == RequestMatch.Active)
            {
                _lastProgress = _time.GetTimestamp();
            }
        }

        switch (match)
        {
            case RequestMatch.Active:
                DownloadRate.Add(message.Length);
                handler.OnBlockReceived(this, new BlockRequest(message.Index, message.Begin, message.Length), message.Payload);
                return true;
            case RequestMatch.Cancelled:
                DownloadRate.Add(message.Length);
                return true;
            default:
                return Violate(WireViolation.UnsolicitedPiece, "The peer sent a block we never requested.");
        }
    }

    private void OnReject(in PeerMessage message, IPeerMessageHandler handler)
    {
        RequestMatch match;
        lock (_stateLock)
        {
            match = _outstanding.Complete(message.Index, message.Begin, message.Length);
        }

        if (match == RequestMatch.Active)
        {
            handler.OnRequestRejected(this, new BlockRequest(message.Index, message.Begin, message.Length));
        }
    }

    private void AbandonAll(IPeerMessageHandler handler)
    {
        BlockRequest[]? rented = null;
        int count;
        lock (_stateLock)
        {
            if (_outstanding.ActiveCount == 0)
            {
                return;
            }

            rented = ArrayPool<BlockRequest>.Shared.Rent(_outstanding.ActiveCount);
            count = _outstanding.CancelAll(rented);
        }

        try
        {
            handler.OnRequestsAbandoned(this, rented.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<BlockRequest>.Shared.Return(rented);
        }
    }
}
