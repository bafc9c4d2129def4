using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <content>
/// Sending. Every send takes the write gate, encodes into the pipe's own memory, and awaits the flush, so a slow peer
/// slows its writers instead of growing a buffer (backpressure). A send returns false once the connection is closed.
/// </content>
internal sealed partial class PeerConnection
{
    private delegate int Encoder<TState>(Span<byte> destination, TState state);

    public ValueTask<bool> SendKeepAliveAsync(CancellationToken cancellationToken) =>
        SendAsync(MessageWriter.KeepAliveLength, 0, static (span, _) => MessageWriter.WriteKeepAlive(span), cancellationToken);

    /// <summary>A keep-alive from the timer: skipped when a write is in progress (that write keeps the link busy anyway).</summary>
    private ValueTask<bool> SendKeepAliveIfIdleAsync() =>
        SendCoreAsync(MessageWriter.KeepAliveLength, 0, static (span, _) => MessageWriter.WriteKeepAlive(span), onlyIfIdle: true, CancellationToken.None);

    /// <summary>Sends choke and drops nothing else: the engine discards the peer's queued requests (and rejects them under BEP 6).</summary>
    public ValueTask<bool> SendChokeAsync(CancellationToken cancellationToken)
    {
        AmChoking = true;
        if (!FastExtension)
        {
            // BEP 3: choking discards the peer's queued requests (with BEP 6 each is rejected instead).
            Volatile.Write(ref _incomingRequests, 0);
        }

        return SendSimpleAsync(PeerMessageId.Choke, cancellationToken);
    }

    public ValueTask<bool> SendUnchokeAsync(CancellationToken cancellationToken)
    {
        AmChoking = false;
        return SendSimpleAsync(PeerMessageId.Unchoke, cancellationToken);
    }

    public ValueTask<bool> SendInterestedAsync(bool interested, CancellationToken cancellationToken)
    {
        AmInterested = interested;
        return SendSimpleAsync(interested ? PeerMessageId.Interested : PeerMessageId.NotInterested, cancellationToken);
    }

    /// <summary>Sends have all or have none (BEP 6); requires the fast extension.</summary>
    public ValueTask<bool> SendHaveAllAsync(bool all, CancellationToken cancellationToken)
    {
        RequireFast();
        return SendSimpleAsync(all ? PeerMessageId.HaveAll : PeerMessageId.HaveNone, cancellationToken);
    }

    public ValueTask<bool> SendHaveAsync(int piece, CancellationToken cancellationToken) =>
        SendAsync(MessageWriter.IndexMessageLength, piece, static (span, index) => MessageWriter.WriteIndex(span, PeerMessageId.Have, index), cancellationToken);

    /// <summary>Sends suggest piece (BEP 6).</summary>
    public ValueTask<bool> SendSuggestAsync(int piece, CancellationToken cancellationToken)
    {
        RequireFast();
        return SendAsync(MessageWriter.IndexMessageLength, piece, static (span, index) => MessageWriter.WriteIndex(span, PeerMessageId.Suggest, index), cancellationToken);
    }

    /// <summary>Sends allowed fast (BEP 6) for each piece.</summary>
    public ValueTask<bool> SendAllowedFastAsync(ReadOnlyMemory<int> pieces, CancellationToken cancellationToken)
    {
        RequireFast();
        return SendAsync(MessageWriter.IndexMessageLength * pieces.Length, pieces, static (span, indices) =>
        {
            var written = 0;
            foreach (var index in indices.Span)
            {
                written += MessageWriter.WriteIndex(span[written..], PeerMessageId.AllowedFast, index);
            }

            return written;
        }, cancellationToken);
    }

    public ValueTask<bool> SendBitfieldAsync(Bitfield bitfield, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bitfield);
        return SendAsync(5 + bitfield.WireLength, bitfield, static (span, bits) => MessageWriter.WriteBitfield(span, bits), cancellationToken);
    }

    /// <summary>Sends a block (the payload is copied into the pipe; the caller may reuse its buffer when this returns).</summary>
    public async ValueTask<bool> SendPieceAsync(BlockRequest block, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length != block.Length)
        {
            throw new ArgumentException("The data length must match the block length.", nameof(data));
        }

        var sent = await SendAsync(MessageWriter.PieceHeaderLength + data.Length, (block, data), static (span, state) =>
            MessageWriter.WritePiece(span, state.block.Piece, state.block.Begin, state.data.Span), cancellationToken);
        if (sent)
        {
            UploadRate.Add(data.Length);
            AnsweredIncomingRequest();
        }

        return sent;
    }

    /// <summary>
    /// Sends several blocks in one write and one flush (fewer system calls than one send per block). The blocks'
    /// bytes are consecutive in <paramref name="data"/>, in the order of <paramref name="blocks"/> (e.g. one disk read
    /// covering adjacent blocks of a piece).
    /// </summary>
    public async ValueTask<bool> SendPiecesAsync(ReadOnlyMemory<BlockRequest> blocks, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var block in blocks.Span)
        {
            total += block.Length;
        }

        if (total != data.Length)
        {
            throw new ArgumentException("The data length must be the sum of the block lengths.", nameof(data));
        }

        var sent = await SendAsync((blocks.Length * MessageWriter.PieceHeaderLength) + data.Length, (blocks, data), static (span, state) =>
        {
            var written = 0;
            var offset = 0;
            foreach (var block in state.blocks.Span)
            {
                written += MessageWriter.WritePiece(span[written..], block.Piece, block.Begin, state.data.Span.Slice(offset, block.Length));
                offset += block.Length;
            }

            return written;
        }, cancellationToken);
        if (sent)
        {
            UploadRate.Add(data.Length);
            for (var i = 0; i < blocks.Length; i++)
            {
                AnsweredIncomingRequest();
            }
        }

        return sent;
    }

    /// <summary>Sends reject request (BEP 6) for a request of the peer's we will not serve.</summary>
    public ValueTask<bool> SendRejectAsync(BlockRequest block, CancellationToken cancellationToken)
    {
        RequireFast();
        AnsweredIncomingRequest();
        return SendAsync(MessageWriter.BlockMessageLength, block, static (span, b) => MessageWriter.WriteBlock(span, PeerMessageId.RejectRequest, b.Piece, b.Begin, b.Length), cancellationToken);
    }

    public ValueTask<bool> SendPortAsync(ushort port, CancellationToken cancellationToken) =>
        SendAsync(MessageWriter.PortLength, port, static (span, p) => MessageWriter.WritePort(span, p), cancellationToken);

    /// <summary>Sends an extended message (BEP 10) with an already-encoded payload.</summary>
    public ValueTask<bool> SendExtendedAsync(byte extendedId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!ExtensionProtocol)
        {
            throw new InvalidOperationException("The extension protocol was not negotiated with this peer.");
        }

        return SendAsync(6 + payload.Length, (extendedId, payload), static (span, state) => MessageWriter.WriteExtended(span, state.extendedId, state.payload.Span), cancellationToken);
    }

    /// <summary>Sends a BEP 9 ut_metadata request, reject, or data message (with the piece's bytes) under the peer's id for ut_metadata.</summary>
    public ValueTask<bool> SendUtMetadataAsync(byte extendedId, UtMetadataMessageType type, int piece, int totalSize, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!ExtensionProtocol)
        {
            throw new InvalidOperationException("The extension protocol was not negotiated with this peer.");
        }

        if (data.Length > ProtocolLimits.MetadataPieceLength)
        {
            throw new ArgumentException("A metadata piece is at most 16 KiB.", nameof(data));
        }

        var length = 6 + UtMetadataMessage.MaxHeaderLength + data.Length;
        return SendAsync(length, (extendedId, type, piece, totalSize, data), static (span, state) =>
        {
            Span<byte> dictionary = stackalloc byte[UtMetadataMessage.MaxHeaderLength];
            var dictionaryLength = state.type == UtMetadataMessageType.Data
                ? UtMetadataMessage.WriteDataHeader(dictionary, state.piece, state.totalSize)
                : UtMetadataMessage.WriteRequestOrReject(dictionary, state.type, state.piece);
            var payloadLength = dictionaryLength + (state.type == UtMetadataMessageType.Data ? state.data.Length : 0);
            var written = MessageWriter.WriteExtendedHeader(span, state.extendedId, payloadLength);
            dictionary[..dictionaryLength].CopyTo(span[written..]);
            written += dictionaryLength;
            if (state.type == UtMetadataMessageType.Data)
            {
                state.data.Span.CopyTo(span[written..]);
                written += state.data.Length;
            }

            return written;
        }, cancellationToken);
    }

    /// <summary>Sends hash request or hash reject (BEP 52).</summary>
    public ValueTask<bool> SendHashRequestAsync(PeerMessageId id, HashRequest request, CancellationToken cancellationToken) =>
        SendAsync(MessageWriter.HashRequestLength, (id, request), static (span, state) => MessageWriter.WriteHashRequest(span, state.id, state.request), cancellationToken);

    /// <summary>Sends hashes (BEP 52).</summary>
    public ValueTask<bool> SendHashesAsync(HashRequest request, ReadOnlyMemory<byte> hashes, CancellationToken cancellationToken) =>
        SendAsync(MessageWriter.HashRequestLength + hashes.Length, (request, hashes), static (span, state) => MessageWriter.WriteHashes(span, state.request, state.hashes.Span), cancellationToken);

    private ValueTask<bool> SendSimpleAsync(PeerMessageId id, CancellationToken cancellationToken) =>
        SendAsync(MessageWriter.SimpleLength, id, static (span, messageId) => MessageWriter.WriteSimple(span, messageId), cancellationToken);

    private void RequireFast()
    {
        if (!FastExtension)
        {
            throw new InvalidOperationException("The fast extension (BEP 6) was not negotiated with this peer.");
        }
    }

    private ValueTask<bool> SendAsync<TState>(int length, TState state, Encoder<TState> encoder, CancellationToken cancellationToken) =>
        SendCoreAsync(length, state, encoder, onlyIfIdle: false, cancellationToken);

    private async ValueTask<bool> SendCoreAsync<TState>(int length, TState state, Encoder<TState> encoder, bool onlyIfIdle, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return false;
        }

        try
        {
            if (onlyIfIdle)
            {
                // Timer-driven sends (keep-alive, stale cancels) never queue behind a blocked write.
                if (!await _writeGate.WaitAsync(0, CancellationToken.None))
                {
                    return false;
                }
            }
            else
            {
                await _writeGate.WaitAsync(cancellationToken);
            }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        try
        {
            if (IsClosed)
            {
                return false;
            }

            var written = encoder(_output.GetSpan(length), state);
            _output.Advance(written);
            return await FlushLockedAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Flushes with the write gate held; closes the connection on a transport failure. The flush waits on the
    /// connection's lifetime, not the caller's token (linking them would allocate per message): a send blocked by a
    /// peer that stopped reading ends when the idle timeout or the engine closes the connection.
    /// </summary>
    private async ValueTask<bool> FlushLockedAsync()
    {
        try
        {
            Volatile.Write(ref _flushStarted, _time.GetTimestamp());
            var result = await _output.FlushAsync(_lifetime.Token);
            Volatile.Write(ref _flushStarted, 0);
            Volatile.Write(ref _lastSent, _time.GetTimestamp());
            if (result.IsCompleted || result.IsCanceled)
            {
                Close(PeerCloseReason.RemoteClosed, message: "the peer stopped reading");
                return false;
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            Close(PeerCloseReason.TransportError, message: ex.Message);
            return false;
        }
    }
}
