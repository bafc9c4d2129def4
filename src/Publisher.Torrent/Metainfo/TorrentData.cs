namespace Publisher.Torrent.Metainfo;

/// <summary>What the info dictionary (plus piece layers) says, once parsed and validated.</summary>
internal sealed class TorrentData
{
    public required TorrentVersion Version { get; init; }

    public required InfoHashes InfoHashes { get; init; }

    public required string Name { get; init; }

    public required int PieceLength { get; init; }

    public required long TotalSize { get; init; }

    public required int PieceCount { get; init; }

    public required TorrentFile[] Files { get; init; }

    public required ReadOnlyMemory<byte> PieceHashesV1 { get; init; }

    public required bool HasPieceLayers { get; init; }

    public required bool IsPrivate { get; init; }

    public required bool IsSingleFile { get; init; }

    public required ReadOnlyMemory<byte> InfoBytes { get; init; }
}
