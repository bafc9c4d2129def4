namespace Publisher.Torrent.Trackers;

/// <summary>Peers one tracker returned, raised by <see cref="TrackerSession.PeersReceived"/>.</summary>
public sealed class TrackerPeersEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="tracker">The tracker that answered.</param>
    /// <param name="peers">The peers it returned.</param>
    public TrackerPeersEventArgs(Uri tracker, IReadOnlyList<TrackerPeer> peers)
    {
        Tracker = tracker;
        Peers = peers;
    }

    /// <summary>The tracker that answered.</summary>
    public Uri Tracker { get; }

    /// <summary>The peers it returned (may be empty).</summary>
    public IReadOnlyList<TrackerPeer> Peers { get; }
}
