namespace Publisher.Torrent.Trackers;

/// <summary>What a client tells a tracker in one announce (BEP 3 / BEP 15 fields).</summary>
public sealed record AnnounceRequest
{
    /// <summary>The 20-byte info hash (v1, or the truncated v2 hash of a v2-only torrent).</summary>
    public required ReadOnlyMemory<byte> InfoHash { get; init; }

    /// <summary>This client's 20-byte peer id.</summary>
    public required ReadOnlyMemory<byte> PeerId { get; init; }

    /// <summary>The TCP port this client listens on (1-65535).</summary>
    public required int Port { get; init; }

    /// <summary>Payload bytes uploaded since the <see cref="TrackerEvent.Started"/> announce.</summary>
    public long Uploaded { get; init; }

    /// <summary>Payload bytes downloaded since the <see cref="TrackerEvent.Started"/> announce.</summary>
    public long Downloaded { get; init; }

    /// <summary>Bytes still missing; 0 for a seed.</summary>
    public long Left { get; init; }

    /// <summary>The announce event; <see cref="TrackerEvent.None"/> for a regular announce.</summary>
    public TrackerEvent Event { get; init; }

    /// <summary>How many peers to ask for (default 50); -1 lets the tracker choose.</summary>
    public int NumWant { get; init; } = 50;

    /// <summary>
    /// A random value that stays the same for the whole session, so the tracker can recognise this client when its
    /// address changes (<c>key</c>).
    /// </summary>
    public uint Key { get; init; }

    /// <summary>The <c>tracker id</c> a previous HTTP reply from the same tracker carried, echoed as <c>trackerid</c>.</summary>
    public string? TrackerId { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a field is out of range (a caller bug).</summary>
    public void Validate()
    {
        if (InfoHash.Length != 20)
        {
            throw new ArgumentException("The info hash must be 20 bytes.", nameof(InfoHash));
        }

        if (PeerId.Length != 20)
        {
            throw new ArgumentException("The peer id must be 20 bytes.", nameof(PeerId));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be 1-65535.");
        }

        if (Uploaded < 0 || Downloaded < 0 || Left < 0)
        {
            throw new ArgumentException("Uploaded, downloaded and left must not be negative.");
        }

        if (NumWant < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumWant), NumWant, "NumWant must be -1 or more.");
        }

        if (!Enum.IsDefined(Event))
        {
            throw new ArgumentOutOfRangeException(nameof(Event), Event, "Unknown tracker event.");
        }
    }
}
