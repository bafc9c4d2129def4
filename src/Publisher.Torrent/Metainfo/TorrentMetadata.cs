namespace Publisher.Torrent.Metainfo;

/// <summary>
/// The parts of a .torrent file outside the info dictionary: they do not change the info hash, so they
/// can be replaced (<see cref="TorrentInfo.WithMetadata"/>) without making a different torrent.
/// </summary>
public sealed record TorrentMetadata
{
    /// <summary>Tracker URLs in tiers (BEP 12); a torrent with only <c>announce</c> has one tier of one. Default: none.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Trackers { get; init; } = [];

    /// <summary>BEP 19 web seed URLs (<c>url-list</c>). Default: none.</summary>
    public IReadOnlyList<string> WebSeeds { get; init; } = [];

    /// <summary>Free-text comment, or null.</summary>
    public string? Comment { get; init; }

    /// <summary>The program that created the torrent, or null.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>When the torrent was created (whole seconds), or null.</summary>
    public DateTimeOffset? CreationDate { get; init; }

    /// <summary>The legacy <c>encoding</c> field, or null.</summary>
    public string? Encoding { get; init; }
}
