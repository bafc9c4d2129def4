using System.Buffers.Binary;

namespace Publisher.Torrent.Wire;

/// <summary>
/// Encodes peer messages into a caller's span and returns the number of bytes written. Nothing is allocated;
/// the destination must be at least as long as the matching <c>...Length</c> constant (or computed length).
/// </summary>
internal static class MessageWriter
{
    /// <summary>Keep-alive: a zero length prefix.</summary>
    public const int KeepAliveLength = 4;

    /// <summary>Choke, unchoke, interested, not interested, have all, have none.</summary>
    public const int SimpleLength = 5;

    /// <summary>Have, suggest, allowed fast.</summary>
    public const int IndexMessageLength = 9;

    /// <summary>Request, cancel, reject request.</summary>
    public const int BlockMessageLength = 17;

    /// <summary>The header of a piece message (length, id, index, begin) before the block's bytes.</summary>
    public const int PieceHeaderLength = 13;

    /// <summary>Port (BEP 5).</summary>
    public const int PortLength = 7;

    /// <summary>Hash request and hash reject (BEP 52).</summary>
    public const int HashRequestLength = 5 + ProtocolLimits.HashRequestPayloadLength;

    public static int WriteKeepAlive(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, 0);
        return KeepAliveLength;
    }

    /// <summary>Writes a message without payload: choke, unchoke, interested, not interested, have all, have none.</summary>
    public static int WriteSimple(Span<byte> destination, PeerMessageId id)
    {
        if (id is not (PeerMessageId.Choke or PeerMessageId.Unchoke or PeerMessageId.Interested or PeerMessageId.NotInterested or PeerMessageId.HaveAll or PeerMessageId.HaveNone))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "Not a message without payload.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, 1);
        destination[4] = (byte)id;
        return SimpleLength;
    }

    /// <summary>Writes have, suggest or allowed fast for <paramref name="index"/>.</summary>
    public static int WriteIndex(Span<byte> destination, PeerMessageId id, int index)
    {
        if (id is not (PeerMessageId.Have or PeerMessageId.Suggest or PeerMessageId.AllowedFast))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "Not a message with a piece index.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        BinaryPrimitives.WriteUInt32BigEndian(destination, 5);
        destination[4] = (byte)id;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        return IndexMessageLength;
    }

    /// <summary>Writes request, cancel or reject request for one block.</summary>
    public static int WriteBlock(Span<byte> destination, PeerMessageId id, int index, int begin, int length)
    {
        if (id is not (PeerMessageId.Request or PeerMessageId.Cancel or PeerMessageId.RejectRequest))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "Not a block message.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(begin);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        BinaryPrimitives.WriteUInt32BigEndian(destination, 13);
        destination[4] = (byte)id;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], begin);
        BinaryPrimitives.WriteInt32BigEndian(destination[13..], length);
        return BlockMessageLength;
    }

    /// <summary>Writes the 13-byte header of a piece message whose block of <paramref name="blockLength"/> bytes follows.</summary>
    public static int WritePieceHeader(Span<byte> destination, int index, int begin, int blockLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(begin);
        ArgumentOutOfRangeException.ThrowIfNegative(blockLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockLength, ProtocolLimits.BlockLength);
        BinaryPrimitives.WriteInt32BigEndian(destination, 9 + blockLength);
        destination[4] = (byte)PeerMessageId.Piece;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], begin);
        return PieceHeaderLength;
    }

    /// <summary>Writes a whole piece message (header and block).</summary>
    public static int WritePiece(Span<byte> destination, int index, int begin, ReadOnlySpan<byte> block)
    {
        var header = WritePieceHeader(destination, index, begin, block.Length);
        block.CopyTo(destination[header..]);
        return header + block.Length;
    }

    /// <summary>Writes a bitfield message from wire-order bytes.</summary>
    public static int WriteBitfield(Span<byte> destination, ReadOnlySpan<byte> bits)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 1 + bits.Length);
        destination[4] = (byte)PeerMessageId.Bitfield;
        bits.CopyTo(destination[5..]);
        return 5 + bits.Length;
    }

    /// <summary>Writes a bitfield message for <paramref name="bitfield"/>.</summary>
    public static int WriteBitfield(Span<byte> destination, Pieces.Bitfield bitfield)
    {
        var byteLength = bitfield.WireLength;
        BinaryPrimitives.WriteInt32BigEndian(destination, 1 + byteLength);
        destination[4] = (byte)PeerMessageId.Bitfield;
        bitfield.WriteTo(destination.Slice(5, byteLength));
        return 5 + byteLength;
    }

    /// <summary>Writes a port message (BEP 5).</summary>
    public static int WritePort(Span<byte> destination, ushort port)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, 3);
        destination[4] = (byte)PeerMessageId.Port;
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], port);
        return PortLength;
    }

    /// <summary>Writes the 6-byte header of an extended message whose payload of <paramref name="payloadLength"/> bytes follows.</summary>
    public static int WriteExtendedHeader(Span<byte> destination, byte extendedId, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        BinaryPrimitives.WriteInt32BigEndian(destination, 2 + payloadLength);
        destination[4] = (byte)PeerMessageId.Extended;
        destination[5] = extendedId;
        return 6;
    }

    /// <summary>Writes a whole extended message.</summary>
    public static int WriteExtended(Span<byte> destination, byte extendedId, ReadOnlySpan<byte> payload)
    {
        var header = WriteExtendedHeader(destination, extendedId, payload.Length);
        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }

    /// <summary>Writes a hash request or hash reject (BEP 52).</summary>
    public static int WriteHashRequest(Span<byte> destination, PeerMessageId id, in HashRequest request)
    {
        if (id is not (PeerMessageId.HashRequest or PeerMessageId.HashReject))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "Not a hash request or hash reject.");
        }

        BinaryPrimitives.WriteInt32BigEndian(destination, 1 + ProtocolLimits.HashRequestPayloadLength);
        destination[4] = (byte)id;
        return 5 + request.WritePayload(destination[5..]);
    }

    /// <summary>Writes a hashes message (BEP 52): the request's fields followed by 32-byte hashes.</summary>
    public static int WriteHashes(Span<byte> destination, in HashRequest request, ReadOnlySpan<byte> hashes)
    {
        if (hashes.Length == 0 || hashes.Length % 32 != 0)
        {
            throw new ArgumentException("Hashes are a non-empty run of 32-byte values.", nameof(hashes));
        }

        BinaryPrimitives.WriteInt32BigEndian(destination, 1 + ProtocolLimits.HashRequestPayloadLength + hashes.Length);
        destination[4] = (byte)PeerMessageId.Hashes;
        var written = 5 + request.WritePayload(destination[5..]);
        hashes.CopyTo(destination[written..]);
        return written + hashes.Length;
    }
}
