namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>A torrent made by <see cref="TorrentBuilder"/>: the parsed model and its encoded bytes.</summary>
public sealed class CreatedTorrent
{
    internal CreatedTorrent(TorrentInfo torrent, byte[] bytes)
    {
        Torrent = torrent;
        Bytes = bytes;
    }

    /// <summary>The torrent, validated by the same parser that reads .torrent files.</summary>
    public TorrentInfo Torrent { get; }

    /// <summary>The encoded .torrent file.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The info hashes: v1 (SHA-1 of the info dictionary) unless v2-only, v2 (SHA-256) unless v1-only.</summary>
    public InfoHashes InfoHashes => Torrent.InfoHashes;
}
