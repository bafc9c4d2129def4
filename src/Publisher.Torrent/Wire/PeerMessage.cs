using System.Buffers;

namespace Publisher.Torrent.Wire;

/// <summary>
/// One parsed peer message. It does not own memory: <see cref="Payload"/> points into the connection's read buffer
/// and is valid only until the handler returns.
/// </summary>
internal readonly struct PeerMessage
{
    public PeerMessage(PeerMessageKind kind, int index = 0, int begin = 0, int length = 0, ReadOnlySequence<byte> payload = default, byte extendedId = 0, ushort port = 0)
    {
        Kind = kind;
        Index = index;
        Begin = begin;
        Length = length;
        Payload = payload;
        ExtendedId = extendedId;
        Port = port;
    }

    /// <summary>What message this is.</summary>
    public PeerMessageKind Kind { get; }

    /// <summary>The piece index of have, suggest, allowed fast, request, cancel, reject and piece messages; the first hash index of BEP 52 hash messages.</summary>
    public int Index { get; }

    /// <summary>The byte offset within the piece of request, cancel, reject and piece messages; the base layer of BEP 52 hash messages.</summary>
    public int Begin { get; }

    /// <summary>
    /// The block length of request, cancel and reject messages, the data length of piece messages, the bitfield's
    /// byte length, the extended payload length, the hash count of BEP 52 hash messages, or the id of an unknown message.
    /// </summary>
    public int Length { get; }

    /// <summary>
    /// Bitfield bytes, piece data, an extended message's payload (after its id byte), a BEP 52 message's payload,
    /// or an unknown message's payload.
    /// </summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The extended message id (BEP 10): 0 is the extension handshake.</summary>
    public byte ExtendedId { get; }

    /// <summary>The DHT port of a port message (BEP 5).</summary>
    public ushort Port { get; }
}
