namespace Publisher.Torrent;

/// <summary>Limits applied to tracker responses (HTTP and UDP).</summary>
public static partial class ProtocolLimits
{
    /// <summary>
    /// The largest HTTP tracker response body read (256 KiB). A compact reply for 200 peers is about 1.2 KiB and
    /// a dictionary peer list for 200 peers about 20 KiB; anything larger is rejected before it is buffered.
    /// </summary>
    public const int MaxTrackerResponseBytes = 256 * 1024;

    /// <summary>The most peers taken from one announce reply (compact, compact6 and dictionary lists together).</summary>
    public const int MaxTrackerPeers = 1000;

    /// <summary>The longest tracker text (failure reason, warning message, tracker id) kept, in bytes.</summary>
    public const int MaxTrackerMessageBytes = 1024;

    /// <summary>The largest UDP tracker datagram accepted (BEP 15 replies fit well below this).</summary>
    public const int MaxUdpTrackerPacketBytes = 8192;

    /// <summary>The most info hashes in one scrape (BEP 15 allows about 74 in one UDP datagram; HTTP uses the same bound).</summary>
    public const int MaxScrapeInfoHashes = 74;

    /// <summary>The longest announce interval honoured (one day); larger values from a tracker are clamped.</summary>
    public static readonly TimeSpan MaxTrackerInterval = TimeSpan.FromDays(1);

    /// <summary>The shortest announce interval honoured (30 seconds); smaller values from a tracker are raised to it.</summary>
    public static readonly TimeSpan MinTrackerInterval = TimeSpan.FromSeconds(30);
}
