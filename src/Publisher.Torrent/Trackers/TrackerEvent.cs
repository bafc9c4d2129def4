namespace Publisher.Torrent.Trackers;

/// <summary>The <c>event</c> of an announce (BEP 3, BEP 15).</summary>
public enum TrackerEvent
{
    /// <summary>A regular announce at the tracker's interval.</summary>
    None = 0,

    /// <summary>The download has finished (sent once).</summary>
    Completed = 1,

    /// <summary>The first announce of a session.</summary>
    Started = 2,

    /// <summary>The client is leaving the swarm.</summary>
    Stopped = 3,
}
