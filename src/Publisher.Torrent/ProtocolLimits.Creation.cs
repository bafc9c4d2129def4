namespace Publisher.Torrent;

/// <summary>Limits applied when creating torrents and verifying data on disk.</summary>
public static partial class ProtocolLimits
{
    /// <summary>The BEP 52 merkle block size: v2 leaf hashes cover 16 KiB each.</summary>
    public const int MerkleBlockSize = 16 * 1024;

    /// <summary>The smallest piece length the builder writes (16 KiB, the BEP 52 minimum).</summary>
    public const int CreationMinPieceLength = MerkleBlockSize;

    /// <summary>The largest piece length an explicit <c>--piece-size</c> may ask for (64 MiB).</summary>
    public const int CreationMaxPieceLength = 64 * 1024 * 1024;

    /// <summary>The largest piece length the automatic table picks (16 MiB).</summary>
    public const int CreationMaxAutomaticPieceLength = 16 * 1024 * 1024;

    /// <summary>The automatic table aims for at most this many pieces (and more than half as many).</summary>
    public const int CreationTargetPieceCount = 2000;

    /// <summary>
    /// The most files one torrent may be created from: half of <see cref="MaxTorrentFileCount"/>, so that with
    /// a pad file after each (hybrid) the torrent still loads in our parser.
    /// </summary>
    public const int CreationMaxFiles = MaxTorrentFileCount / 2;

    /// <summary>The most hashing threads the builder starts.</summary>
    public const int CreationMaxThreads = 256;

    /// <summary>
    /// The size of one read while hashing (1 MiB, or one piece when pieces are larger). Measured on a cached
    /// 1 GiB file, 1 MiB reads cost about 4 % less CPU than 4 MiB ones: the buffer stays in L2 between the
    /// copy from the page cache and the hash.
    /// </summary>
    public const int HashingReadSize = 1024 * 1024;

    /// <summary>The most bytes of file data the builder and verifier hold in memory at once (apart from one piece larger than this).</summary>
    public const int HashingWindowBytes = 32 * 1024 * 1024;
}
