namespace Publisher.Torrent.Metainfo;

/// <summary>Which BitTorrent metadata versions a torrent carries.</summary>
[Flags]
public enum TorrentVersion
{
    /// <summary>BEP 3: SHA-1 piece hashes over the concatenated files.</summary>
    V1 = 1,

    /// <summary>BEP 52: per-file SHA-256 merkle trees.</summary>
    V2 = 2,

    /// <summary>Both, describing the same files (pad files align v1 pieces to file boundaries).</summary>
    Hybrid = V1 | V2,
}
