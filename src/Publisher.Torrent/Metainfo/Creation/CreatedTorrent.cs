namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>A torrent made by <see cref="TorrentBuilder"/>.</summary>
public sealed class CreatedTorrent
{
    internal CreatedTorrent(byte[] bytes, byte[]? infoHashV1, byte[]? infoHashV2, string name, long totalSize, int pieceLength, int pieceCount)
    {
        Bytes = bytes;
        InfoHashV1 = infoHashV1 is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(infoHashV1);
        InfoHashV2 = infoHashV2 is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(infoHashV2);
        Name = name;
        TotalSize = totalSize;
        PieceLength = pieceLength;
        PieceCount = pieceCount;
    }

    /// <summary>The encoded .torrent file.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The v1 info hash (SHA-1 of the info dictionary), or null for a v2-only torrent.</summary>
    public ReadOnlyMemory<byte>? InfoHashV1 { get; }

    /// <summary>The v2 info hash (SHA-256 of the info dictionary), or null for a v1-only torrent.</summary>
    public ReadOnlyMemory<byte>? InfoHashV2 { get; }

    /// <summary>The torrent's name (the file or directory name).</summary>
    public string Name { get; }

    /// <summary>Bytes of file data, not counting padding.</summary>
    public long TotalSize { get; }

    /// <summary>Bytes per piece.</summary>
    public int PieceLength { get; }

    /// <summary>Number of pieces (v1 pieces for v1 and hybrid; the sum over files for v2).</summary>
    public int PieceCount { get; }
}
