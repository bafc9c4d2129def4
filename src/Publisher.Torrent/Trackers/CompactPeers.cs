using System.Buffers.Binary;
using System.Net;

namespace Publisher.Torrent.Trackers;

/// <summary>Compact peer lists (BEP 23: 4-byte address + 2-byte port; BEP 7: 16-byte address + 2-byte port).</summary>
internal static class CompactPeers
{
    public const int IPv4Length = 6;
    public const int IPv6Length = 18;

    /// <summary>
    /// Parses whole entries of <paramref name="entryLength"/> bytes (a trailing partial entry is ignored), skipping
    /// port 0, up to <paramref name="max"/> peers.
    /// </summary>
    public static List<TrackerPeer> Parse(ReadOnlySpan<byte> data, int entryLength, int max)
    {
        var count = Math.Min(data.Length / entryLength, max);
        var peers = new List<TrackerPeer>(count);
        AppendTo(peers, data, entryLength, max);
        return peers;
    }

    /// <summary>Appends parsed entries to <paramref name="peers"/> until it holds <paramref name="max"/> peers.</summary>
    public static void AppendTo(List<TrackerPeer> peers, ReadOnlySpan<byte> data, int entryLength, int max)
    {
        var addressLength = entryLength - 2;
        for (var offset = 0; offset + entryLength <= data.Length && peers.Count < max; offset += entryLength)
        {
            var entry = data.Slice(offset, entryLength);
            var port = BinaryPrimitives.ReadUInt16BigEndian(entry[addressLength..]);
            if (port == 0)
            {
                continue;
            }

            peers.Add(new TrackerPeer(new IPEndPoint(new IPAddress(entry[..addressLength]), port)));
        }
    }
}
