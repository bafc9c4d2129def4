namespace Publisher.Service.Tracker;

/// <summary>What <see cref="ITorrentRegistry"/> knows about one info hash.</summary>
/// <param name="IsPublished">True when the info hash belongs to a published release.</param>
/// <param name="AccessOverride">The release's own access mode, or null to use <see cref="TrackerOptions.Access"/>.</param>
public readonly record struct TorrentRegistration(bool IsPublished, TrackerAccessMode? AccessOverride)
{
    /// <summary>An info hash the registry does not know.</summary>
    public static TorrentRegistration Unknown => default;

    /// <summary>A published release that follows the tracker-wide access mode.</summary>
    public static TorrentRegistration Published => new(true, null);
}
