using System.Buffers;
using System.Buffers.Binary;

namespace Publisher.Torrent.Wire;

/// <summary>
/// Parses the length-prefixed messages that follow the handshake, in the manner of Kestrel's HttpParser: it never
/// throws on peer input, reports <see cref="WireReadStatus.NeedMore"/> for incomplete input without consuming it, and
/// checks every length prefix against <see cref="ProtocolLimits"/> as soon as the 5-byte header is in, so an oversized
/// prefix is refused before its body is buffered. One instance per connection; not thread-safe.
/// </summary>
internal sealed class MessageParser
{
    private int _pieceCount = -1;

    /// <summary>The torrent's piece count, or -1 while unknown (magnet start): then indices and bitfields are only bounded by limits.</summary>
    public int PieceCount
    {
        get => _pieceCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ProtocolLimits.MaxWirePieceCount);
            _pieceCount = value;
        }
    }

    /// <summary>True when both sides set the BEP 6 bit; otherwise BEP 6 messages are violations.</summary>
    public bool FastExtension { get; set; }

    /// <summary>True when both sides set the BEP 10 bit; otherwise extended messages are violations.</summary>
    public bool ExtensionProtocol { get; set; }

    /// <summary>
    /// Tries to parse one message from the start of <paramref name="buffer"/>. On <see cref="WireReadStatus.Message"/>
    /// <paramref name="buffer"/> is advanced past it; otherwise it is left as it was.
    /// </summary>
    public WireReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out PeerMessage message, out WireViolation violation)
    {
        message = default;
        violation = WireViolation.None;
        if (buffer.Length < 4)
        {
            return WireReadStatus.NeedMore;
        }

        Span<byte> header = stackalloc byte[13];
        var headerLength = (int)Math.Min(buffer.Length, 13);
        var available = header[..headerLength];
        if (buffer.FirstSpan.Length >= headerLength)
        {
            buffer.FirstSpan[..headerLength].CopyTo(available);
        }
        else
        {
            buffer.Slice(0, headerLength).CopyTo(available);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(available);
        if (length == 0)
        {
            message = new PeerMessage(PeerMessageKind.KeepAlive);
            buffer = buffer.Slice(4);
            return WireReadStatus.Message;
        }

        if (length > ProtocolLimits.MaxPeerMessageLength)
        {
            violation = WireViolation.MessageTooLong;
            return WireReadStatus.Violation;
        }

        if (headerLength < 5)
        {
            return WireReadStatus.NeedMore;
        }

        var id = available[4];
        violation = CheckLength(id, (int)length);
        if (violation != WireViolation.None)
        {
            return WireReadStatus.Violation;
        }

        if (buffer.Length - 4 < length)
        {
            return WireReadStatus.NeedMore;
        }

        var body = buffer.Slice(5, length - 1);
        violation = Decode(id, (int)length, available[5..], body, out message);
        if (violation != WireViolation.None)
        {
            return WireReadStatus.Violation;
        }

        buffer = buffer.Slice(4 + length);
        return WireReadStatus.Message;
    }

    /// <summary>Checks a length prefix against the kind of message it announces, before any of the body is buffered.</summary>
    private WireViolation CheckLength(byte id, int length)
    {
        switch ((PeerMessageId)id)
        {
            case PeerMessageId.Choke:
            case PeerMessageId.Unchoke:
            case PeerMessageId.Interested:
            case PeerMessageId.NotInterested:
                return length == 1 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.HaveAll:
            case PeerMessageId.HaveNone:
                return !FastExtension ? WireViolation.FastExtensionNotNegotiated : length == 1 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.Have:
                return length == 5 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.Suggest:
            case PeerMessageId.AllowedFast:
                return !FastExtension ? WireViolation.FastExtensionNotNegotiated : length == 5 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.Bitfield:
                if (_pieceCount >= 0)
                {
                    return length == 1 + ((_pieceCount + 7) / 8) ? WireViolation.None : WireViolation.BadBitfield;
                }

                return length - 1 <= ProtocolLimits.MaxBitfieldLength ? WireViolation.None : WireViolation.MessageTooLong;
            case PeerMessageId.Request:
            case PeerMessageId.Cancel:
                return length == 13 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.RejectRequest:
                return !FastExtension ? WireViolation.FastExtensionNotNegotiated : length == 13 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.Piece:
                return length < 9 ? WireViolation.BadMessageLength : length > 9 + ProtocolLimits.BlockLength ? WireViolation.MessageTooLong : WireViolation.None;
            case PeerMessageId.Port:
                return length == 3 ? WireViolation.None : WireViolation.BadMessageLength;
            case PeerMessageId.Extended:
                if (!ExtensionProtocol)
                {
                    return WireViolation.BadExtendedMessage;
                }

                return length < 2 ? WireViolation.BadMessageLength : length > ProtocolLimits.MaxExtendedMessageLength ? WireViolation.MessageTooLong : WireViolation.None;
            case PeerMessageId.HashRequest:
            case PeerMessageId.HashReject:
                return length == 1 + ProtocolLimits.HashRequestPayloadLength ? WireViolation.None : WireViolation.BadHashMessage;
            case PeerMessageId.Hashes:
                var hashBytes = length - 1 - ProtocolLimits.HashRequestPayloadLength;
                return hashBytes >= 32 && hashBytes % 32 == 0 && hashBytes / 32 <= ProtocolLimits.MaxHashRequestLength + ProtocolLimits.MaxHashProofLayers
                    ? WireViolation.None
                    : WireViolation.BadHashMessage;
            default:
                return length <= ProtocolLimits.MaxUnknownMessageLength ? WireViolation.None : WireViolation.MessageTooLong;
        }
    }

    /// <summary>Decodes a complete message whose length was already checked. <paramref name="fields"/> holds up to 8 bytes after the id.</summary>
    private WireViolation Decode(byte id, int length, ReadOnlySpan<byte> fields, ReadOnlySequence<byte> body, out PeerMessage message)
    {
        message = default;
        switch ((PeerMessageId)id)
        {
            case PeerMessageId.Choke:
            case PeerMessageId.Unchoke:
            case PeerMessageId.Interested:
            case PeerMessageId.NotInterested:
            case PeerMessageId.HaveAll:
            case PeerMessageId.HaveNone:
                message = new PeerMessage((PeerMessageKind)id);
                return WireViolation.None;
            case PeerMessageId.Have:
            case PeerMessageId.Suggest:
            case PeerMessageId.AllowedFast:
            {
                var index = BinaryPrimitives.ReadUInt32BigEndian(fields);
                if (!IndexInRange(index))
                {
                    return WireViolation.PieceIndexOutOfRange;
                }

                message = new PeerMessage((PeerMessageKind)id, index: (int)index);
                return WireViolation.None;
            }

            case PeerMessageId.Bitfield:
                if (_pieceCount >= 0 && !Pieces.Bitfield.SpareBitsClear(body, _pieceCount))
                {
                    return WireViolation.BadBitfield;
                }

                message = new PeerMessage(PeerMessageKind.Bitfield, length: length - 1, payload: body);
                return WireViolation.None;
            case PeerMessageId.Request:
            case PeerMessageId.Cancel:
            case PeerMessageId.RejectRequest:
            {
                Span<byte> triple = stackalloc byte[12];
                body.Slice(0, 12).CopyTo(triple);
                var index = BinaryPrimitives.ReadUInt32BigEndian(triple);
                var begin = BinaryPrimitives.ReadUInt32BigEndian(triple[4..]);
                var blockLength = BinaryPrimitives.ReadUInt32BigEndian(triple[8..]);
                if (!IndexInRange(index))
                {
                    return WireViolation.PieceIndexOutOfRange;
                }

                if (blockLength == 0 || blockLength > ProtocolLimits.BlockLength || begin > int.MaxValue - ProtocolLimits.BlockLength)
                {
                    return WireViolation.BadBlockLength;
                }

                message = new PeerMessage((PeerMessageKind)id, (int)index, (int)begin, (int)blockLength);
                return WireViolation.None;
            }

            case PeerMessageId.Piece:
            {
                var index = BinaryPrimitives.ReadUInt32BigEndian(fields);
                var begin = BinaryPrimitives.ReadUInt32BigEndian(fields[4..]);
                if (!IndexInRange(index))
                {
                    return WireViolation.PieceIndexOutOfRange;
                }

                if (begin > int.MaxValue - ProtocolLimits.BlockLength)
                {
                    return WireViolation.BadBlockLength;
                }

                message = new PeerMessage(PeerMessageKind.Piece, (int)index, (int)begin, length - 9, body.Slice(8));
                return WireViolation.None;
            }

            case PeerMessageId.Port:
                message = new PeerMessage(PeerMessageKind.Port, port: BinaryPrimitives.ReadUInt16BigEndian(fields));
                return WireViolation.None;
            case PeerMessageId.Extended:
                message = new PeerMessage(PeerMessageKind.Extended, length: length - 2, payload: body.Slice(1), extendedId: fields[0]);
                return WireViolation.None;
            case PeerMessageId.HashRequest:
            case PeerMessageId.HashReject:
            case PeerMessageId.Hashes:
                return DecodeHashMessage(id, body, out message);
            default:
                message = new PeerMessage(PeerMessageKind.Unknown, length: id, payload: body);
                return WireViolation.None;
        }
    }

    private static WireViolation DecodeHashMessage(byte id, ReadOnlySequence<byte> body, out PeerMessage message)
    {
        message = default;
        if (!HashRequest.TryRead(body, out var request) || !request.IsWithinLimits)
        {
            return WireViolation.BadHashMessage;
        }

        message = new PeerMessage((PeerMessageKind)id, request.Index, request.BaseLayer, request.Length, body);
        return WireViolation.None;
    }

    private bool IndexInRange(uint index) => _pieceCount >= 0 ? index < (uint)_pieceCount : index < ProtocolLimits.MaxWirePieceCount;
}
