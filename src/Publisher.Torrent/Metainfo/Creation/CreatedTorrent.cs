namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>A torrent made by <see cref="TorrentBuilder"/>.</summary>
public sealed class CreatedTorrent
{
    internal CreatedTorrent(byte[] bytes, InfoHashes infoHashes, string name, long totalSize, int pieceLength, int pieceCount)
    {
        Bytes = bytes;
        InfoHashes = infoHashes;
        Name = name;
        TotalSize = totalSize;
        PieceLength = pieceLength;
        PieceCount = pieceCount;
    }

    /// <summary>The encoded .torrent file.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The info hashes: v1 (SHA-1 of the info dictionary) unless v2-only, v2 (SHA-256) unless v1-only.</summary>
    public InfoHashes InfoHashes { get; }

    /// <summary>The torrent's name (the file or directory name).</summary>
    public string Name { get; }

    /// <summary>Bytes of file data, not counting padding.</summary>
    public long TotalSize { get; }

    /// <summary>Bytes per piece.</summary>
    public int PieceLength { get; }

    /// <summary>Number of pieces (v1 pieces for v1 and hybrid; the sum over files for v2).</summary>
    public int PieceCount { get; }
}
