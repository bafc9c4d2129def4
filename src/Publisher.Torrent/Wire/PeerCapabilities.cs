namespace Publisher.Torrent.Wire;

/// <summary>
/// The reserved bits of the BEP 3 handshake we understand, as the 8 reserved bytes read as one big-endian
/// <see cref="ulong"/> (reserved[7] is the low byte).
/// </summary>
[Flags]
internal enum PeerCapabilities : ulong
{
    None = 0,

    /// <summary>BEP 5: the peer runs a DHT node (reserved[7] &amp; 0x01).</summary>
    Dht = 0x01,

    /// <summary>BEP 6: fast extension (reserved[7] &amp; 0x04).</summary>
    Fast = 0x04,

    /// <summary>BEP 52: the peer can upgrade a hybrid torrent's connection to v2 (reserved[7] &amp; 0x10).</summary>
    V2Upgrade = 0x10,

    /// <summary>BEP 10: extension protocol (reserved[5] &amp; 0x10).</summary>
    Extensions = 0x10UL << 16,
}
