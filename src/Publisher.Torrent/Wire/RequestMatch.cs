namespace Publisher.Torrent.Wire;

/// <summary>How an incoming piece or reject relates to our outstanding requests.</summary>
internal enum RequestMatch
{
    /// <summary>We never asked for that block (an unsolicited piece closes the peer).</summary>
    None,

    /// <summary>It answers a live request.</summary>
    Active,

    /// <summary>It answers a request we cancelled (endgame, choke, stale): drop it quietly.</summary>
    Cancelled,
}
