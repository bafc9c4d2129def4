using System.Net;

namespace Publisher.Torrent.Metainfo;

/// <summary>
/// A magnet link (BEP 9, BEP 52): info hashes (v1 <c>urn:btih:</c>, v2 <c>urn:btmh:</c>, both for hybrid),
/// display name, trackers, web seeds and peers. Immutable; <see cref="ToString"/> formats it.
/// </summary>
public sealed partial class MagnetLink
{
    /// <summary>Creates a magnet link.</summary>
    public MagnetLink(InfoHashes infoHashes, string? displayName = null, IEnumerable<string>? trackers = null, IEnumerable<string>? webSeeds = null, IEnumerable<EndPoint>? peers = null)
    {
        InfoHashes = infoHashes;
        if (infoHashes.V1 is null && infoHashes.V2 is null)
        {
            throw new ArgumentException("A magnet link needs an info hash.", nameof(infoHashes));
        }

        DisplayName = displayName;
        Trackers = Copy(trackers);
        WebSeeds = Copy(webSeeds);
        var peerList = new List<EndPoint>();
        foreach (var peer in peers ?? [])
        {
            if (peer is not (IPEndPoint or DnsEndPoint))
            {
                throw new ArgumentException("Peers are IPEndPoint or DnsEndPoint.", nameof(peers));
            }

            peerList.Add(peer);
        }

        Peers = peerList.AsReadOnly();
    }

    /// <summary>The v1 and/or v2 info hashes.</summary>
    public InfoHashes InfoHashes { get; }

    /// <summary>The <c>dn</c> display name, or null.</summary>
    public string? DisplayName { get; }

    /// <summary>The <c>tr</c> tracker URLs, in order.</summary>
    public IReadOnlyList<string> Trackers { get; }

    /// <summary>The <c>ws</c> web seed URLs, in order.</summary>
    public IReadOnlyList<string> WebSeeds { get; }

    /// <summary>The <c>x.pe</c> peers: <see cref="IPEndPoint"/> for addresses, <see cref="DnsEndPoint"/> for host names.</summary>
    public IReadOnlyList<EndPoint> Peers { get; }

    /// <summary>A magnet link for <paramref name="torrent"/>: its hashes, name, every tracker and web seed.</summary>
    public static MagnetLink FromTorrent(TorrentInfo torrent)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        var trackers = new List<string>();
        foreach (var tier in torrent.Trackers)
        {
            trackers.AddRange(tier);
        }

        return new MagnetLink(torrent.InfoHashes, torrent.Name, trackers, torrent.WebSeeds);
    }

    private static IReadOnlyList<string> Copy(IEnumerable<string>? values)
    {
        var list = new List<string>();
        foreach (var value in values ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(values));
            list.Add(value);
        }

        return list.AsReadOnly();
    }
}
