using System.Text;
using Publisher.Service.Tracker;

namespace Publisher.Service.Tests.Tracker;

/// <summary>Builds announce and scrape URLs with every binary byte percent-encoded, as clients do.</summary>
internal static class TrackerQuery
{
    public static byte[] Hash(int seed)
    {
        var bytes = new byte[20];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static TrackerInfoHash InfoHash(int seed) => TrackerInfoHash.FromBytes(Hash(seed));

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public static string Announce(int torrent, int port, long left = 1000, string extra = "", string path = "/announce")
        => $"{path}?info_hash={Encode(Hash(torrent))}&peer_id={Encode(Hash(port + 100_000))}&port={port}&uploaded=0&downloaded=0&left={left}&compact=1{extra}";

    public static string Scrape(params int[] torrents)
    {
        var builder = new StringBuilder("/scrape?");
        foreach (var torrent in torrents)
        {
            builder.Append("info_hash=").Append(Encode(Hash(torrent))).Append('&');
        }

        return builder.ToString();
    }
}
