namespace Publisher.Torrent.Metainfo;

/// <summary>
/// A parsed, validated torrent (v1, v2 or hybrid). Immutable. Create one with <see cref="Parse(ReadOnlyMemory{byte})"/>,
/// <see cref="Load"/>, <see cref="FromInfoBytes"/> (metadata received from peers) or <see cref="Create"/>; write it
/// back with <see cref="ToBytes"/>. The exact info-dictionary bytes are kept, so the info hashes never change.
/// </summary>
public sealed partial class TorrentInfo
{
    private readonly TorrentData _data;
    private readonly TorrentFile[] _files;

    private TorrentInfo(TorrentData data, TorrentMetadata metadata)
    {
        _data = data;
        Version = data.Version;
        InfoHashes = data.InfoHashes;
        Name = data.Name;
        PieceLength = data.PieceLength;
        TotalSize = data.TotalSize;
        PieceCount = data.PieceCount;
        _files = data.Files;
        Files = Array.AsReadOnly(data.Files);
        PieceHashesV1 = data.PieceHashesV1;
        HasPieceLayers = data.HasPieceLayers;
        IsPrivate = data.IsPrivate;
        IsSingleFile = data.IsSingleFile;
        InfoBytes = data.InfoBytes;
        Metadata = metadata;
    }

    /// <summary>V1, V2 or Hybrid.</summary>
    public TorrentVersion Version { get; }

    /// <summary>The v1 and/or v2 info hashes, computed from <see cref="InfoBytes"/>.</summary>
    public InfoHashes InfoHashes { get; }

    /// <summary>The torrent's name (validated as a file or folder name).</summary>
    public string Name { get; }

    /// <summary>Bytes per piece.</summary>
    public int PieceLength { get; }

    /// <summary>
    /// Size of the piece space: the concatenation of all <see cref="Files"/>, pad files included. For a
    /// v2-only torrent every file starts at a piece boundary and is followed by a pad file up to the next one.
    /// </summary>
    public long TotalSize { get; }

    /// <summary>Total size of the real files (pad files excluded): what lands on disk.</summary>
    public long PayloadSize
    {
        get
        {
            long sum = 0;
            foreach (var file in _files)
            {
                if (!file.IsPadFile)
                {
                    sum += file.Length;
                }
            }

            return sum;
        }
    }

    /// <summary>Number of pieces.</summary>
    public int PieceCount { get; }

    /// <summary>
    /// The files in v1 order with their offsets in the piece space, pad files included (BEP 47 pad files of
    /// v1 and hybrid torrents; for v2-only torrents, pad files the parser adds after each file that does not end
    /// on a piece boundary, as libtorrent does). Pad files are zeros and are never written to disk.
    /// </summary>
    public IReadOnlyList<TorrentFile> Files { get; }

    /// <summary>The v1 SHA-1 piece hashes, 20 bytes per piece; empty for a v2-only torrent.</summary>
    public ReadOnlyMemory<byte> PieceHashesV1 { get; }

    /// <summary>
    /// True when every v2 file larger than one piece has its piece layer (<see cref="TorrentFile.PieceLayer"/>);
    /// false for a v2 torrent built from an info dictionary alone (a magnet download), whose layers must come
    /// from peers. Always true for v1-only torrents.
    /// </summary>
    public bool HasPieceLayers { get; }

    /// <summary>BEP 27 private flag: only the torrent's trackers may be used to find peers.</summary>
    public bool IsPrivate { get; }

    /// <summary>True when the torrent is one file named <see cref="Name"/> rather than a folder.</summary>
    public bool IsSingleFile { get; }

    /// <summary>The exact bytes of the info dictionary (the info hashes are their SHA-1 / SHA-256).</summary>
    public ReadOnlyMemory<byte> InfoBytes { get; }

    /// <summary>Trackers, web seeds, comment and the other fields outside the info dictionary.</summary>
    public TorrentMetadata Metadata { get; }

    /// <summary>Tracker URLs in tiers (BEP 12).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Trackers => Metadata.Trackers;

    /// <summary>BEP 19 web seed URLs.</summary>
    public IReadOnlyList<string> WebSeeds => Metadata.WebSeeds;

    /// <summary>Free-text comment, or null.</summary>
    public string? Comment => Metadata.Comment;

    /// <summary>The creating program, or null.</summary>
    public string? CreatedBy => Metadata.CreatedBy;

    /// <summary>Creation time, or null.</summary>
    public DateTimeOffset? CreationDate => Metadata.CreationDate;

    /// <summary>The SHA-1 hash of v1 piece <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetPieceHashV1(int index)
    {
        if (PieceHashesV1.IsEmpty)
        {
            throw new InvalidOperationException("A v2-only torrent has no v1 piece hashes.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PieceCount);
        return PieceHashesV1.Span.Slice(index * InfoHash.V1Length, InfoHash.V1Length);
    }

    /// <summary>Size of piece <paramref name="index"/> in the piece space (the last one may be shorter).</summary>
    public int GetPieceSize(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PieceCount);
        return (int)Math.Min(PieceLength, TotalSize - ((long)index * PieceLength));
    }

    /// <summary>A copy with other trackers, web seeds, comment and so on; the info hashes stay the same.</summary>
    public TorrentInfo WithMetadata(TorrentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new TorrentInfo(_data, TorrentParser.ValidateMetadata(metadata));
    }

    /// <summary>A magnet link with this torrent's info hashes, name, trackers and web seeds.</summary>
    public MagnetLink ToMagnetLink() => MagnetLink.FromTorrent(this);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Version}, {InfoHashes})";
}
