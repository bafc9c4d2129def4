namespace Publisher.Torrent;

/// <summary>Limits the tracker server applies to announces and scrapes (HTTP and UDP).</summary>
public static partial class ProtocolLimits
{
    /// <summary>Largest <c>numwant</c> accepted in an announce; larger values are refused as hostile (values up to it are capped to the configured maximum).</summary>
    public const int TrackerServerNumWantParameterMax = 100_000;

    /// <summary>Most info hashes in one scrape (74 is what fits in one UDP scrape packet, BEP 15).</summary>
    public const int TrackerServerMaxScrapeHashes = 74;

    /// <summary>Most query parameters read from one announce or scrape.</summary>
    public const int TrackerServerMaxQueryParameters = 128;

    /// <summary>Longest announce/scrape query string accepted, in characters.</summary>
    public const int TrackerServerMaxQueryChars = 8192;

    /// <summary>Longest <c>key</c> parameter accepted, in bytes after percent-decoding.</summary>
    public const int TrackerServerMaxKeyBytes = 64;

    /// <summary>Longest download token, in characters.</summary>
    public const int TrackerServerTokenMaxChars = 256;

    /// <summary>Longest user id inside a download token, in UTF-8 bytes.</summary>
    public const int TrackerServerTokenMaxUserIdBytes = 64;

    /// <summary>Most URLData bytes read from the options of one UDP announce (BEP 41).</summary>
    public const int TrackerServerMaxUrlDataBytes = 1024;

    /// <summary>Largest UDP datagram the tracker reads; anything longer is truncated and rejected.</summary>
    public const int TrackerServerMaxUdpDatagram = 2048;
}
