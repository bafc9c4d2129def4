namespace Publisher.Torrent;

/// <content>Limits of the engine: connections, piece buffers, resume files and misbehaving peers.</content>
public static partial class ProtocolLimits
{
    /// <summary>The most peer connections one torrent keeps open by default (incoming and outgoing together).</summary>
    public const int DefaultMaxConnectionsPerTorrent = 50;

    /// <summary>The most connections (over all torrents) waiting for their handshake; more incoming sockets are closed at once.</summary>
    public const int MaxPendingHandshakes = 64;

    /// <summary>Pieces that failed their hash a peer may contribute to before it is banned.</summary>
    public const int MaxHashFailuresPerPeer = 2;

    /// <summary>The largest block a peer may request from us (BEP 3 peers request 16 KiB; some ask up to 128 KiB).</summary>
    public const int MaxServedBlockLength = 128 * 1024;

    /// <summary>The largest resume file we read (a bitfield of <see cref="MaxPieceCount"/> pieces plus a small header).</summary>
    public const int MaxResumeFileLength = (MaxPieceCount / 8) + 1024;

    /// <summary>File handles kept open for writing per torrent (a bounded LRU).</summary>
    public const int MaxOpenFilesPerTorrent = 32;

    /// <summary>Peers remembered per torrent as candidates to connect to (from trackers and <c>AddPeer</c>).</summary>
    public const int MaxKnownPeersPerTorrent = 1000;
}
