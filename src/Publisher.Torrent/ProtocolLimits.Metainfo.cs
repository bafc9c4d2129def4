namespace Publisher.Torrent;

public static partial class ProtocolLimits
{
    /// <summary>
    /// Deepest nesting of lists and dictionaries the bencode reader accepts (default and maximum).
    /// A v2 file tree nests one dictionary per path component plus three, so this allows paths
    /// far deeper than any file system while keeping recursive decoding safe.
    /// </summary>
    public const int MaxBencodeDepth = 200;

    /// <summary>Largest .torrent file read from disk or accepted by the parser: 100 MiB.</summary>
    public const int MaxTorrentFileBytes = 100 * 1024 * 1024;

    /// <summary>Largest accepted piece length: 256 MiB (mktorrent's maximum, <c>-l 28</c>).</summary>
    public const int MaxPieceLength = 256 * 1024 * 1024;

    /// <summary>Smallest accepted v1 piece length: 1 byte (BEP 3 puts no bound; v2 needs 16 KiB).</summary>
    public const int MinPieceLengthV1 = 1;

    /// <summary>Smallest v2 piece length (BEP 52: a power of two, at least one 16 KiB block).</summary>
    public const int MinPieceLengthV2 = 16 * 1024;

    /// <summary>Largest accepted total payload size: 1 PiB.</summary>
    public const long MaxTorrentTotalSize = 1L << 50;

    /// <summary>Largest accepted number of files (including pad files) in one torrent.</summary>
    public const int MaxTorrentFileCount = 1_000_000;

    /// <summary>Largest accepted length of one path component in UTF-8 bytes (ext4/NTFS limit).</summary>
    public const int MaxPathComponentBytes = 255;

    /// <summary>Largest accepted number of components in one file path (directories plus the file name).</summary>
    public const int MaxPathDepth = 64;

    /// <summary>Largest accepted magnet link, in characters.</summary>
    public const int MaxMagnetLinkLength = 64 * 1024;

    /// <summary>Largest accepted number of trackers, web seeds or peers in one torrent or magnet link (each).</summary>
    public const int MaxTorrentUrlCount = 1_000;

    /// <summary>Largest accepted number of pieces in one torrent (16 Mi: a 1 TiB torrent with 64 KiB pieces).</summary>
    public const int MaxPieceCount = 1 << 24;
}
