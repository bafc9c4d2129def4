namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>Which BitTorrent protocol versions a created torrent serves.</summary>
public enum TorrentFormat
{
    /// <summary>BitTorrent v1 only (BEP 3): SHA-1 piece hashes, readable by every client.</summary>
    V1,

    /// <summary>BitTorrent v2 only (BEP 52): per-file SHA-256 merkle trees.</summary>
    V2,

    /// <summary>Both (BEP 52 hybrid): one torrent that joins the v1 and the v2 swarm; files are padded to piece boundaries (BEP 47).</summary>
    Hybrid,
}
