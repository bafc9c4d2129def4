namespace Publisher.Torrent;

/// <content>Limits of BEP 52 hash requests: what we queue for a peer and how long we wait for answers.</content>
public static partial class ProtocolLimits
{
    /// <summary>
    /// Hash requests from one peer waiting for our answer; one more closes the peer (a well-behaved peer asks for
    /// 512 piece hashes at a time, so a handful covers any file).
    /// </summary>
    public const int MaxQueuedHashReplies = 64;

    /// <summary>Hash requests we keep outstanding to one peer while fetching piece layers for a magnet start.</summary>
    public const int MaxOutstandingHashRequests = 8;
}
