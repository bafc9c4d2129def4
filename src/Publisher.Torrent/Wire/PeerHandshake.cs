using System.Buffers;
using System.Buffers.Binary;

namespace Publisher.Torrent.Wire;

/// <summary>
/// The BEP 3 handshake: "\x13BitTorrent protocol", 8 reserved bytes (capabilities), a 20-byte info hash (a v2 info hash
/// truncated to 20 bytes, BEP 52) and a 20-byte peer id. One per connection.
/// </summary>
internal sealed class PeerHandshake
{
    /// <summary>Length of an info hash or peer id on the wire.</summary>
    public const int IdLength = 20;

    private static ReadOnlySpan<byte> Protocol => "\u0013BitTorrent protocol"u8;

    public PeerHandshake(PeerCapabilities capabilities, ReadOnlySpan<byte> infoHash, ReadOnlySpan<byte> peerId)
    {
        if (infoHash.Length != IdLength)
        {
            throw new ArgumentException("An info hash in a handshake is 20 bytes (v2 hashes are truncated).", nameof(infoHash));
        }

        if (peerId.Length != IdLength)
        {
            throw new ArgumentException("A peer id is 20 bytes.", nameof(peerId));
        }

        Capabilities = capabilities;
        InfoHash = infoHash.ToArray();
        PeerId = peerId.ToArray();
    }

    /// <summary>The reserved bits, including ones we do not understand.</summary>
    public PeerCapabilities Capabilities { get; }

    public ReadOnlyMemory<byte> InfoHash { get; }

    public ReadOnlyMemory<byte> PeerId { get; }

    public bool Supports(PeerCapabilities capability) => (Capabilities & capability) == capability;

    /// <summary>Writes the 68-byte handshake.</summary>
    public int WriteTo(Span<byte> destination)
    {
        Protocol.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[20..], (ulong)Capabilities);
        InfoHash.Span.CopyTo(destination[28..]);
        PeerId.Span.CopyTo(destination[48..]);
        return ProtocolLimits.HandshakeLength;
    }

    /// <summary>
    /// Parses a handshake from the start of <paramref name="buffer"/>. The protocol string is checked as soon as its
    /// first bytes arrive, so a peer speaking something else is refused without waiting for 68 bytes.
    /// </summary>
    public static WireReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out PeerHandshake? handshake, out WireViolation violation)
    {
        handshake = null;
        violation = WireViolation.None;
        Span<byte> bytes = stackalloc byte[ProtocolLimits.HandshakeLength];
        var available = (int)Math.Min(buffer.Length, ProtocolLimits.HandshakeLength);
        buffer.Slice(0, available).CopyTo(bytes);
        var prefix = Math.Min(available, Protocol.Length);
        if (!bytes[..prefix].SequenceEqual(Protocol[..prefix]))
        {
            violation = WireViolation.BadProtocolString;
            return WireReadStatus.Violation;
        }

        if (available < ProtocolLimits.HandshakeLength)
        {
            return WireReadStatus.NeedMore;
        }

        handshake = new PeerHandshake((PeerCapabilities)BinaryPrimitives.ReadUInt64BigEndian(bytes[20..]), bytes.Slice(28, IdLength), bytes.Slice(48, IdLength));
        buffer = buffer.Slice(ProtocolLimits.HandshakeLength);
        return WireReadStatus.Message;
    }
}
