namespace Publisher.Torrent;

/// <content>Limits for the peer wire protocol (BEP 3, 6, 9, 10, 52) and piece selection.</content>
public static partial class ProtocolLimits
{
    /// <summary>
    /// The length of a block on the wire: 16 KiB. We request blocks of this size (the last block of a piece may be
    /// shorter) and refuse requests, rejects and cancels for more, as every current client does (BEP 3, BEP 52).
    /// </summary>
    public const int BlockLength = 16 * 1024;

    /// <summary>Length of the BEP 3 handshake: 1 + 19 ("BitTorrent protocol") + 8 reserved + 20 info hash + 20 peer id.</summary>
    public const int HandshakeLength = 68;

    /// <summary>
    /// The largest bitfield payload accepted before the piece count is known (a magnet start): one bit for each of
    /// <see cref="MaxPieceCount"/> pieces, 2 MiB. Once the piece count is known the payload must be exactly
    /// ceil(pieces / 8) bytes with zero spare bits.
    /// </summary>
    public const int MaxBitfieldLength = MaxPieceCount / 8;

    /// <summary>The largest piece count a peer connection or picker works with: the metainfo limit <see cref="MaxPieceCount"/>.</summary>
    public const int MaxWirePieceCount = MaxPieceCount;

    /// <summary>
    /// The largest BEP 10 extended message (id byte and bencoded payload, plus trailing metadata piece data): 16 KiB
    /// metadata piece + 16 KiB for the dictionary. Extension handshakes and PEX messages are far smaller.
    /// </summary>
    public const int MaxExtendedMessageLength = 32 * 1024;

    /// <summary>
    /// BEP 52: the largest number of base-layer hashes a hash request may ask for ("SHOULD NOT be greater than 512");
    /// larger requests are rejected, larger replies are a violation.
    /// </summary>
    public const int MaxHashRequestLength = 512;

    /// <summary>BEP 52: the largest number of proof layers accepted in a hash request or hashes message (a Merkle tree of 2^64 leaves).</summary>
    public const int MaxHashProofLayers = 64;

    /// <summary>Length of a BEP 52 hash request / hash reject payload: pieces root (32) + base layer, index, length, proof layers (4 each).</summary>
    public const int HashRequestPayloadLength = 48;

    /// <summary>
    /// The largest peer message we buffer: a hashes message (id + 48 + (512 + 64) hashes of 32 bytes) is below the
    /// bitfield and extended limits, so the bound is the bitfield limit plus its id byte. Any length prefix above
    /// this closes the connection before a byte of the body is buffered.
    /// </summary>
    public const int MaxPeerMessageLength = 1 + MaxBitfieldLength;

    /// <summary>Messages with an id we do not know are skipped if they are at most this long (16 KiB + 9), else the peer is closed.</summary>
    public const int MaxUnknownMessageLength = BlockLength + 9;

    /// <summary>BEP 9: metadata (the info dictionary) is exchanged in pieces of 16 KiB.</summary>
    public const int MetadataPieceLength = 16 * 1024;

    /// <summary>BEP 9: the largest <c>metadata_size</c> we accept from a peer: 8 MiB (an info dictionary for ~400,000 v1 pieces).</summary>
    public const int MaxMetadataSize = 8 * 1024 * 1024;

    /// <summary>
    /// The most requests we keep outstanding to one peer (the upper bound of adaptive pipelining), also capped by the
    /// peer's own <c>reqq</c>. 500 x 16 KiB = 8 MiB in flight, enough for ~800 MB/s at 10 ms round trip.
    /// </summary>
    public const int MaxOutstandingRequests = 500;

    /// <summary>The request queue length we advertise as <c>reqq</c> (BEP 10) and the most requests from one peer we queue.</summary>
    public const int MaxIncomingRequests = 500;

    /// <summary>BEP 6: the most allowed-fast pieces we remember from one peer; further allowed fast messages are ignored.</summary>
    public const int MaxAllowedFastFromPeer = 64;

    /// <summary>BEP 10: the most entries of the <c>m</c> dictionary we keep from an extension handshake.</summary>
    public const int MaxExtensionCount = 64;

    /// <summary>BEP 10: the longest client name (<c>v</c>) and extension name we keep, in bytes.</summary>
    public const int MaxExtensionNameLength = 64;
}
