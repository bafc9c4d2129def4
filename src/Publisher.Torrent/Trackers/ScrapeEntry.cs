namespace Publisher.Torrent.Trackers;

/// <summary>One torrent's counts in a scrape reply.</summary>
/// <param name="InfoHash">The 20-byte info hash asked about.</param>
/// <param name="Found">False when the tracker did not mention this info hash.</param>
/// <param name="Seeders">Peers with the whole torrent (<c>complete</c>).</param>
/// <param name="Completed">Completed downloads the tracker has counted (<c>downloaded</c>).</param>
/// <param name="Leechers">Peers still downloading (<c>incomplete</c>).</param>
public readonly record struct ScrapeEntry(ReadOnlyMemory<byte> InfoHash, bool Found, int Seeders, int Completed, int Leechers);
