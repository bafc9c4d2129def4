namespace Publisher.Service.Tracker;

/// <summary>A parsed HTTP announce query (BEP 3, 23, 7). The token is a range of the original query string.</summary>
internal struct AnnounceQuery
{
    public TrackerInfoHash InfoHash;
    public ushort Port;
    public long Uploaded;
    public long Downloaded;
    public long Left;
    public AnnounceEvent Event;
    public bool Compact;
    public bool NoPeerId;
    public int NumWant;
    public uint Key;
    public int TokenStart;
    public int TokenLength;
}
