namespace Publisher.Torrent.Wire;

/// <summary>Why a peer connection ended.</summary>
internal enum PeerCloseReason
{
    /// <summary>Still open.</summary>
    None,

    /// <summary>We closed it (<see cref="PeerConnection.Close"/> or disposal).</summary>
    Local,

    /// <summary>The peer closed the TCP connection.</summary>
    RemoteClosed,

    /// <summary>The peer broke the protocol; see <see cref="PeerCloseInfo.Violation"/>.</summary>
    ProtocolViolation,

    /// <summary>No complete handshake within <see cref="PeerConnectionOptions.HandshakeTimeout"/>.</summary>
    HandshakeTimeout,

    /// <summary>Nothing received within <see cref="PeerConnectionOptions.IdleTimeout"/>.</summary>
    IdleTimeout,

    /// <summary>The socket failed.</summary>
    TransportError,

    /// <summary>The caller's cancellation token fired.</summary>
    Cancelled,
}
