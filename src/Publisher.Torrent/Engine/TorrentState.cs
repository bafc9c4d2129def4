namespace Publisher.Torrent.Engine;

/// <summary>Where a torrent is in its life.</summary>
public enum TorrentState
{
    /// <summary>Added and not started, or stopped: no connections.</summary>
    Stopped,

    /// <summary>Fetching the info dictionary from peers (started from a magnet link, BEP 9).</summary>
    FetchingMetadata,

    /// <summary>Checking data already on disk.</summary>
    Checking,

    /// <summary>Missing pieces are being downloaded.</summary>
    Downloading,

    /// <summary>Every piece is verified; uploading to peers.</summary>
    Seeding,

    /// <summary>Connections stay open but nothing is requested or served.</summary>
    Paused,

    /// <summary>A disk error stopped the torrent; see <see cref="TorrentHandle.Error"/>.</summary>
    Error,
}
