namespace Publisher.Torrent.Trackers;

/// <summary>The transfer totals a <see cref="TrackerSession"/> reports in each announce.</summary>
/// <param name="Uploaded">Payload bytes uploaded since the session started.</param>
/// <param name="Downloaded">Payload bytes downloaded since the session started.</param>
/// <param name="Left">Bytes still missing (0 for a seed).</param>
public readonly record struct AnnounceProgress(long Uploaded, long Downloaded, long Left);
