namespace Publisher.Service.Releases;

/// <summary>Where to get a release: this resource, its .torrent, its magnet URI, its signed manifest and its web seed.</summary>
internal sealed record ReleaseLinks(string Self, string Torrent, string Magnet, string Manifest, string WebSeed);
