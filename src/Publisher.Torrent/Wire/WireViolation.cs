namespace Publisher.Torrent.Wire;

/// <summary>Why a peer broke the wire protocol. Any violation closes that peer's connection.</summary>
public enum WireViolation
{
    /// <summary>No violation.</summary>
    None = 0,

    /// <summary>The handshake did not start with "\x13BitTorrent protocol".</summary>
    BadProtocolString,

    /// <summary>The handshake named a torrent we are not serving, or not the one we asked for.</summary>
    InfoHashMismatch,

    /// <summary>A length prefix exceeds the limit for its message (see <see cref="ProtocolLimits"/>).</summary>
    MessageTooLong,

    /// <summary>A message's length does not match the fixed length of its kind.</summary>
    BadMessageLength,

    /// <summary>A piece index is not below the torrent's piece count.</summary>
    PieceIndexOutOfRange,

    /// <summary>A request, reject or cancel asks for zero bytes or more than 16 KiB.</summary>
    BadBlockLength,

    /// <summary>A bitfield's length is not ceil(pieces / 8) or its spare bits are set.</summary>
    BadBitfield,

    /// <summary>A BEP 6 message arrived although the fast extension was not negotiated.</summary>
    FastExtensionNotNegotiated,

    /// <summary>A BEP 10 message arrived although the extension protocol was not negotiated, or is malformed.</summary>
    BadExtendedMessage,

    /// <summary>A BEP 52 hash request/hashes/hash reject message is malformed or over its limits.</summary>
    BadHashMessage,

    /// <summary>A piece message for a block we never requested (BEP 52: "a peer MUST close the connection").</summary>
    UnsolicitedPiece,

    /// <summary>A bitfield/have-all/have-none arrived after the first message.</summary>
    LateBitfield,

    /// <summary>The peer sent more requests than its queue allows.</summary>
    TooManyRequests,

    /// <summary>A request was out of the torrent's bounds, or for a piece we do not have.</summary>
    InvalidRequest,
}
