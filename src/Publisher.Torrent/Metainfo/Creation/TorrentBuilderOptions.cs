namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>What <see cref="TorrentBuilder"/> writes into a new torrent and how hard it works.</summary>
public sealed record TorrentBuilderOptions
{
    /// <summary>v1, v2 or hybrid. Default <see cref="TorrentFormat.Hybrid"/>: both swarms.</summary>
    public TorrentFormat Format { get; init; } = TorrentFormat.Hybrid;

    /// <summary>
    /// Bytes per piece: a power of two from 16 KiB to 64 MiB. Default null: chosen by
    /// <see cref="PieceLengthTable.Choose"/> from the total size.
    /// </summary>
    public int? PieceLength { get; init; }

    /// <summary>Tracker URLs by tier (BEP 12). The first URL of the first tier is also written as <c>announce</c>. Default none.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Trackers { get; init; } = [];

    /// <summary>Web seed URLs (BEP 19 <c>url-list</c>). Default none.</summary>
    public IReadOnlyList<string> WebSeeds { get; init; } = [];

    /// <summary>Sets the BEP 27 private flag (peers only from the trackers). Default false.</summary>
    public bool Private { get; init; }

    /// <summary>Free text written as <c>comment</c>. Default none.</summary>
    public string? Comment { get; init; }

    /// <summary>Written as <c>created by</c>. Default none.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Written as <c>creation date</c>. Default null, which leaves it out so the output depends only on the data and options.</summary>
    public DateTimeOffset? CreationDate { get; init; }

    /// <summary>Hashing threads, 1 to 256. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// A directory to copy the files into while they are hashed (each file read once): a file lands at its path
    /// inside the torrent under it (<c>name</c> for a single file, <c>name/sub/file</c> for a directory), replacing
    /// what is there. With v2 and hybrid layouts on Linux the copies are written unbuffered (O_DIRECT), so copying
    /// costs almost no CPU; each copy is flushed to disk (fsync) once complete. On failure or cancellation the copies
    /// are incomplete; the caller removes them. Default
    /// null: no copy. <c>publisher publish</c> uses this to write straight into a service's staging on the same host.
    /// </summary>
    public string? CopyDestination { get; init; }

    /// <summary>Throws <see cref="TorrentCreationException"/> when an option is out of range.</summary>
    internal void Validate()
    {
        if (PieceLength is { } pieceLength && !PieceLengthTable.IsValid(pieceLength))
        {
            throw new TorrentCreationException(
                $"Piece size {pieceLength} is not valid: use a power of two from {ProtocolLimits.CreationMinPieceLength} to {ProtocolLimits.CreationMaxPieceLength} bytes.");
        }

        if (Threads < 1 || Threads > ProtocolLimits.CreationMaxThreads)
        {
            throw new TorrentCreationException($"Thread count {Threads} is not valid: use 1 to {ProtocolLimits.CreationMaxThreads}.");
        }

        if (!Enum.IsDefined(Format))
        {
            throw new TorrentCreationException($"Format {Format} is not valid: use v1, v2 or hybrid.");
        }

        foreach (var tier in Trackers)
        {
            foreach (var url in tier)
            {
                RequireAbsoluteUrl(url, "tracker");
            }
        }

        foreach (var url in WebSeeds)
        {
            RequireAbsoluteUrl(url, "web seed");
        }
    }

    private static void RequireAbsoluteUrl(string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new TorrentCreationException($"The {what} URL '{url}' is not an absolute URL.");
        }
    }
}
