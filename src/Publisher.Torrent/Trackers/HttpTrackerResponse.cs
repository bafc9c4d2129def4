using System.Net;
using System.Text;
using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Trackers;

/// <summary>
/// Parses bencoded HTTP tracker replies (BEP 3 announce with BEP 23 compact and BEP 7 <c>peers6</c>; scrape).
/// Never throws on hostile input: malformed bencode or a missing dictionary gives a failed result.
/// Dictionary keys may come unsorted (many trackers write them so).
/// </summary>
internal static partial class HttpTrackerResponse
{
    public static AnnounceResult ParseAnnounce(ReadOnlySpan<byte> body)
    {
        try
        {
            return ParseAnnounceCore(body);
        }
        catch (BencodeException exception)
        {
            return AnnounceResult.Failed(TrackerFailure.InvalidResponse, $"The tracker reply is not valid bencode: {exception.Message}");
        }
    }

    private static AnnounceResult ParseAnnounceCore(ReadOnlySpan<byte> body)
    {
        var reader = new BencodeReader(body, BencodeReaderOptions.Lenient);
        if (!reader.Read() || reader.TokenType != BencodeTokenType.StartDictionary)
        {
            return AnnounceResult.Failed(TrackerFailure.InvalidResponse, "The tracker reply is not a bencoded dictionary.");
        }

        string? failure = null, warning = null, trackerId = null;
        long? interval = null, minInterval = null, complete = null, incomplete = null;
        var sawPeers = false;
        var peers = new List<TrackerPeer>();
        while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
        {
            var key = KeyOf(ref reader);
            reader.Read();
            switch (key)
            {
                case Key.FailureReason:
                    failure = ReadText(ref reader);
                    break;
                case Key.WarningMessage:
                    warning = ReadText(ref reader);
                    break;
                case Key.TrackerId:
                    trackerId = ReadText(ref reader);
                    break;
                case Key.Interval:
                    interval = ReadInteger(ref reader);
                    break;
                case Key.MinInterval:
                    minInterval = ReadInteger(ref reader);
                    break;
                case Key.Complete:
                    complete = ReadInteger(ref reader);
                    break;
                case Key.Incomplete:
                    incomplete = ReadInteger(ref reader);
                    break;
                case Key.Peers when reader.TokenType == BencodeTokenType.String:
                    sawPeers = true;
                    CompactPeers.AppendTo(peers, reader.ValueSpan, CompactPeers.IPv4Length, ProtocolLimits.MaxTrackerPeers);
                    break;
                case Key.Peers when reader.TokenType == BencodeTokenType.StartList:
                    sawPeers = true;
                    ReadDictionaryPeers(ref reader, peers);
                    break;
                case Key.Peers6 when reader.TokenType == BencodeTokenType.String:
                    sawPeers = true;
                    CompactPeers.AppendTo(peers, reader.ValueSpan, CompactPeers.IPv6Length, ProtocolLimits.MaxTrackerPeers);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        TimeSpan? min = minInterval is > 0 ? TimeSpan.FromSeconds(Math.Min(minInterval.Value, int.MaxValue)) : null;
        if (failure is not null)
        {
            return AnnounceResult.Failed(TrackerFailure.Rejected, failure, min);
        }

        if (!sawPeers && interval is null)
        {
            return AnnounceResult.Failed(TrackerFailure.InvalidResponse, "The tracker reply has neither peers nor an interval.");
        }

        return AnnounceResult.Success(
            peers,
            interval is > 0 ? TimeSpan.FromSeconds(Math.Min(interval.Value, int.MaxValue)) : AnnounceResult.DefaultInterval,
            min,
            ToCount(complete),
            ToCount(incomplete),
            warning,
            trackerId);
    }

    /// <summary>Reads a <c>peers</c> list of dictionaries (reader on the list start); entries with a host name instead of an IP are skipped.</summary>
    private static void ReadDictionaryPeers(ref BencodeReader reader, List<TrackerPeer> peers)
    {
        while (reader.Read() && reader.TokenType != BencodeTokenType.EndList)
        {
            if (reader.TokenType != BencodeTokenType.StartDictionary)
            {
                SkipValue(ref reader);
                continue;
            }

            IPAddress? address = null;
            long? port = null;
            byte[]? peerId = null;
            while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
            {
                var key = KeyOf(ref reader);
                reader.Read();
                if (key == Key.Ip && reader.TokenType == BencodeTokenType.String)
                {
                    address = ParseAddress(reader.ValueSpan);
                }
                else if (key == Key.Port)
                {
                    port = ReadInteger(ref reader);
                }
                else if (key == Key.PeerId && reader.TokenType == BencodeTokenType.String && reader.ValueSpan.Length == 20)
                {
                    peerId = reader.ValueSpan.ToArray();
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (address is not null && port is > 0 and <= 65535 && peers.Count < ProtocolLimits.MaxTrackerPeers)
            {
                peers.Add(new TrackerPeer(new IPEndPoint(address, (int)port.Value), peerId));
            }
        }
    }

    private static IPAddress? ParseAddress(ReadOnlySpan<byte> text)
    {
        // The longest textual IPv6 address is 45 characters; anything longer is a host name or garbage.
        if (text.Length is 0 or > 64)
        {
            return null;
        }

        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        return IPAddress.TryParse(chars, out var address) ? address : null;
    }

    private static string? ReadText(ref BencodeReader reader)
    {
        if (reader.TokenType != BencodeTokenType.String)
        {
            SkipValue(ref reader);
            return null;
        }

        var value = reader.ValueSpan;
        if (value.Length > ProtocolLimits.MaxTrackerMessageBytes)
        {
            value = value[..ProtocolLimits.MaxTrackerMessageBytes];
        }

        return Encoding.UTF8.GetString(value);
    }

    private static long? ReadInteger(ref BencodeReader reader)
    {
        if (reader.TokenType == BencodeTokenType.Integer)
        {
            return reader.GetInt64();
        }

        SkipValue(ref reader);
        return null;
    }

    /// <summary>Skips the value the reader is on (a no-op for strings and integers, which are already consumed).</summary>
    private static void SkipValue(ref BencodeReader reader)
    {
        if (reader.TokenType is BencodeTokenType.StartList or BencodeTokenType.StartDictionary)
        {
            reader.Skip();
        }
    }

    private static int? ToCount(long? value) => value switch
    {
        null or < 0 => null,
        > int.MaxValue => int.MaxValue,
        _ => (int)value.Value,
    };
}
