using System.Buffers.Binary;
using System.Net;

namespace Publisher.Service.Tracker;

/// <summary>
/// The announce answers (the hot path), written straight into caller-provided buffers sized by the <c>Max*</c> helpers.
/// Failure and scrape answers go through the engine's <see cref="Publisher.Torrent.Bencoding.BencodeWriter"/> (<see cref="TrackerBencodeAnswers"/>).
/// </summary>
internal static class TrackerResponses
{
    /// <summary>Counts, intervals and keys with every number at its widest (19 digits), plus the peer string headers.</summary>
    private const int HeaderBound = 256;

    public static int MaxCompactLength(PeerSelection selection) => HeaderBound + (selection.IPv4Count * 6) + (selection.IPv6Count * 18);

    public static int MaxNonCompactLength(PeerSelection selection) => HeaderBound + (selection.Count * 80);

    /// <summary>BEP 23 compact answer with BEP 7 <c>peers6</c>; keys in byte order.</summary>
    public static int WriteCompact(Span<byte> buffer, in AnnounceOutcome outcome, int interval, int minInterval, PeerSelection selection)
    {
        var writer = new BencodeSpanWriter(buffer);
        WriteCounts(ref writer, outcome, interval, minInterval);
        writer.Raw("5:peers"u8);
        writer.String(selection.IPv4Peers);
        if (selection.IPv6Count > 0)
        {
            writer.Raw("6:peers6"u8);
            writer.String(selection.IPv6Peers);
        }

        writer.Raw("e"u8);
        return writer.Written;
    }

    /// <summary>BEP 3 dictionary model: a list of <c>{ip, port}</c> (peer ids are not kept, as with <c>no_peer_id</c>).</summary>
    public static int WriteNonCompact(Span<byte> buffer, in AnnounceOutcome outcome, int interval, int minInterval, PeerSelection selection)
    {
        var writer = new BencodeSpanWriter(buffer);
        WriteCounts(ref writer, outcome, interval, minInterval);
        writer.Raw("5:peersl"u8);
        Span<char> text = stackalloc char[48];
        var ipv4 = selection.IPv4Peers;
        for (var offset = 0; offset < ipv4.Length; offset += 6)
        {
            new IPAddress(ipv4.Slice(offset, 4)).TryFormat(text, out var length);
            WritePeer(ref writer, text[..length], BinaryPrimitives.ReadUInt16BigEndian(ipv4[(offset + 4)..]));
        }

        var ipv6 = selection.IPv6Peers;
        for (var offset = 0; offset < ipv6.Length; offset += 18)
        {
            new IPAddress(ipv6.Slice(offset, 16)).TryFormat(text, out var length);
            WritePeer(ref writer, text[..length], BinaryPrimitives.ReadUInt16BigEndian(ipv6[(offset + 16)..]));
        }

        writer.Raw("ee"u8);
        return writer.Written;
    }

    private static void WriteCounts(ref BencodeSpanWriter writer, in AnnounceOutcome outcome, int interval, int minInterval)
    {
        writer.Raw("d8:completei"u8);
        writer.Digits(outcome.Seeders);
        writer.Raw("e10:downloadedi"u8);
        writer.Digits(outcome.Completed);
        writer.Raw("e10:incompletei"u8);
        writer.Digits(outcome.Leechers);
        writer.Raw("e8:intervali"u8);
        writer.Digits(interval);
        writer.Raw("e12:min intervali"u8);
        writer.Digits(minInterval);
        writer.Raw("e"u8);
    }

    private static void WritePeer(ref BencodeSpanWriter writer, scoped ReadOnlySpan<char> ip, ushort port)
    {
        writer.Raw("d2:ip"u8);
        writer.Digits(ip.Length);
        writer.Raw(":"u8);
        Span<byte> ascii = stackalloc byte[48];
        for (var i = 0; i < ip.Length; i++)
        {
            ascii[i] = (byte)ip[i];
        }

        writer.Raw(ascii[..ip.Length]);
        writer.Raw("4:porti"u8);
        writer.Digits(port);
        writer.Raw("ee"u8);
    }
}
