using System.Buffers.Binary;
using System.Text;

namespace Publisher.Torrent.Trackers;

/// <summary>
/// Encodes BEP 15 requests into a span and parses replies from one. Parsers never throw on hostile input: a reply
/// that is short or malformed gives a failed result.
/// </summary>
internal static class UdpTrackerPacket
{
    /// <summary>The magic connection id of a connect request.</summary>
    public const ulong ProtocolId = 0x41727101980;

    public const int ActionConnect = 0;
    public const int ActionAnnounce = 1;
    public const int ActionScrape = 2;
    public const int ActionError = 3;

    public const int ConnectRequestLength = 16;
    public const int ConnectResponseLength = 16;
    public const int AnnounceRequestLength = 98;
    public const int AnnounceResponseHeaderLength = 20;
    public const int ScrapeResponseEntryLength = 12;
    public const int HeaderLength = 8;

    /// <summary>BEP 41 option types.</summary>
    public const byte OptionEnd = 0;
    public const byte OptionUrlData = 2;

    /// <summary>The longest BEP 41 URLData carried (path and query of the announce URL).</summary>
    public const int MaxUrlDataBytes = 1024;

    /// <summary>The room an announce with URLData may need.</summary>
    public const int MaxAnnounceRequestLength = AnnounceRequestLength + MaxUrlDataBytes + (MaxUrlDataBytes / 255) + 8;

    public static int WriteConnect(Span<byte> destination, uint transactionId)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, ProtocolId);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], ActionConnect);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], transactionId);
        return ConnectRequestLength;
    }

    /// <summary>Writes an announce; <paramref name="urlData"/> (BEP 41) is appended as URLData options when not empty.</summary>
    public static int WriteAnnounce(Span<byte> destination, ulong connectionId, uint transactionId, AnnounceRequest request, ReadOnlySpan<byte> urlData)
    {
        if (urlData.Length > MaxUrlDataBytes)
        {
            throw new ArgumentException($"URLData longer than {MaxUrlDataBytes} bytes.", nameof(urlData));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], ActionAnnounce);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], transactionId);
        request.InfoHash.Span.CopyTo(destination[16..36]);
        request.PeerId.Span.CopyTo(destination[36..56]);
        BinaryPrimitives.WriteInt64BigEndian(destination[56..], request.Downloaded);
        BinaryPrimitives.WriteInt64BigEndian(destination[64..], request.Left);
        BinaryPrimitives.WriteInt64BigEndian(destination[72..], request.Uploaded);
        BinaryPrimitives.WriteInt32BigEndian(destination[80..], (int)request.Event);
        BinaryPrimitives.WriteUInt32BigEndian(destination[84..], 0); // IP: the tracker uses the source address
        BinaryPrimitives.WriteUInt32BigEndian(destination[88..], request.Key);
        BinaryPrimitives.WriteInt32BigEndian(destination[92..], request.NumWant);
        BinaryPrimitives.WriteUInt16BigEndian(destination[96..], (ushort)request.Port);
        var written = AnnounceRequestLength;
        if (urlData.IsEmpty)
        {
            return written;
        }

        while (!urlData.IsEmpty)
        {
            var chunk = Math.Min(urlData.Length, 255);
            destination[written++] = OptionUrlData;
            destination[written++] = (byte)chunk;
            urlData[..chunk].CopyTo(destination[written..]);
            written += chunk;
            urlData = urlData[chunk..];
        }

        destination[written++] = OptionEnd;
        return written;
    }

    public static int WriteScrape(Span<byte> destination, ulong connectionId, uint transactionId, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], ActionScrape);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], transactionId);
        var written = 16;
        for (var i = 0; i < infoHashes.Count; i++)
        {
            infoHashes[i].Span.CopyTo(destination[written..]);
            written += 20;
        }

        return written;
    }

    /// <summary>Reads the action and transaction id every reply starts with; false when the packet is shorter than 8 bytes.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> packet, out int action, out uint transactionId)
    {
        if (packet.Length < HeaderLength)
        {
            action = -1;
            transactionId = 0;
            return false;
        }

        action = BinaryPrimitives.ReadInt32BigEndian(packet);
        transactionId = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        return true;
    }

    /// <summary>Reads the connection id of a connect reply (header already checked); false when too short.</summary>
    public static bool TryReadConnectionId(ReadOnlySpan<byte> packet, out ulong connectionId)
    {
        if (packet.Length < ConnectResponseLength)
        {
            connectionId = 0;
            return false;
        }

        connectionId = BinaryPrimitives.ReadUInt64BigEndian(packet[8..]);
        return true;
    }

    /// <summary>The message of an error reply (header already checked), bounded and decoded leniently.</summary>
    public static string ReadErrorMessage(ReadOnlySpan<byte> packet)
    {
        var text = packet.Length > HeaderLength ? packet[HeaderLength..] : [];
        if (text.Length > ProtocolLimits.MaxTrackerMessageBytes)
        {
            text = text[..ProtocolLimits.MaxTrackerMessageBytes];
        }

        return Encoding.UTF8.GetString(text).TrimEnd('\0');
    }

    /// <summary>Parses an announce reply; peers are 18 bytes each when the tracker was reached over IPv6, 6 otherwise.</summary>
    public static AnnounceResult ParseAnnounce(ReadOnlySpan<byte> packet, bool ipv6)
    {
        if (packet.Length == HeaderLength)
        {
            // opentracker answers an announce for an info hash it does not serve (not on its whitelist) this way.
            return AnnounceResult.Failed(TrackerFailure.Rejected, "The UDP tracker answered without interval or peers: it does not serve this info hash.");
        }

        if (packet.Length < AnnounceResponseHeaderLength)
        {
            return AnnounceResult.Failed(TrackerFailure.InvalidResponse, $"UDP announce reply of {packet.Length} bytes is shorter than {AnnounceResponseHeaderLength}.");
        }

        var interval = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var leechers = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var seeders = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        var peers = ipv6
            ? CompactPeers.Parse(packet[AnnounceResponseHeaderLength..], CompactPeers.IPv6Length, ProtocolLimits.MaxTrackerPeers)
            : CompactPeers.Parse(packet[AnnounceResponseHeaderLength..], CompactPeers.IPv4Length, ProtocolLimits.MaxTrackerPeers);
        return AnnounceResult.Success(
            peers,
            TimeSpan.FromSeconds(interval),
            seeders: ClampCount(seeders),
            leechers: ClampCount(leechers));
    }

    /// <summary>Parses a scrape reply; info hashes the reply has no room for come back as not found.</summary>
    public static ScrapeResult ParseScrape(ReadOnlySpan<byte> packet, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes)
    {
        if (packet.Length < HeaderLength)
        {
            return ScrapeResult.Failed(TrackerFailure.InvalidResponse, "UDP scrape reply is shorter than its header.");
        }

        var entries = new ScrapeEntry[infoHashes.Count];
        var body = packet[HeaderLength..];
        for (var i = 0; i < entries.Length; i++)
        {
            var offset = i * ScrapeResponseEntryLength;
            if (body.Length - offset < ScrapeResponseEntryLength)
            {
                entries[i] = new ScrapeEntry(infoHashes[i], false, 0, 0, 0);
                continue;
            }

            var entry = body.Slice(offset, ScrapeResponseEntryLength);
            entries[i] = new ScrapeEntry(
                infoHashes[i],
                true,
                ClampCount(BinaryPrimitives.ReadUInt32BigEndian(entry)),
                ClampCount(BinaryPrimitives.ReadUInt32BigEndian(entry[4..])),
                ClampCount(BinaryPrimitives.ReadUInt32BigEndian(entry[8..])));
        }

        return ScrapeResult.Success(entries);
    }

    private static int ClampCount(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
