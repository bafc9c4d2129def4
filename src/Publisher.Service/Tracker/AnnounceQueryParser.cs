using System.Globalization;
using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// Parses the raw (still percent-encoded) query string of an HTTP announce. Strict: every known parameter at most
/// once, binary values exactly 20 bytes, numbers in range. Unknown parameters (ip, supportcrypto, ...) are ignored.
/// </summary>
internal static class AnnounceQueryParser
{
    [Flags]
    private enum Seen
    {
        None = 0,
        InfoHash = 1 << 0,
        PeerId = 1 << 1,
        Port = 1 << 2,
        Uploaded = 1 << 3,
        Downloaded = 1 << 4,
        Left = 1 << 5,
        Event = 1 << 6,
        Compact = 1 << 7,
        NumWant = 1 << 8,
        Key = 1 << 9,
        NoPeerId = 1 << 10,
        Token = 1 << 11,
    }

    /// <summary>Parses <paramref name="query"/> (without the leading '?').</summary>
    public static TrackerFailure Parse(ReadOnlySpan<char> query, out AnnounceQuery result)
    {
        result = default;
        result.Left = -1;
        result.NumWant = -1;
        result.Compact = true;
        if (query.Length > ProtocolLimits.TrackerServerMaxQueryChars)
        {
            return TrackerFailure.MalformedQuery;
        }

        Span<byte> bytes = stackalloc byte[ProtocolLimits.TrackerServerMaxKeyBytes];
        var seen = Seen.None;
        var parameters = 0;
        var position = 0;
        while (position < query.Length)
        {
            var end = query[position..].IndexOf('&');
            end = end < 0 ? query.Length : position + end;
            var pair = query[position..end];
            var pairStart = position;
            position = end + 1;
            if (pair.IsEmpty)
            {
                continue;
            }

            if (++parameters > ProtocolLimits.TrackerServerMaxQueryParameters)
            {
                return TrackerFailure.TooManyParameters;
            }

            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            var flag = Classify(name);
            if (flag == Seen.None)
            {
                continue;
            }

            if ((seen & flag) != 0)
            {
                return TrackerFailure.DuplicateParameter;
            }

            seen |= flag;
            var failure = flag switch
            {
                Seen.InfoHash => ReadHash(value, bytes, TrackerFailure.InvalidInfoHash, out result.InfoHash),
                Seen.PeerId => ReadHash(value, bytes, TrackerFailure.InvalidPeerId, out _),
                Seen.Port => ReadPort(value, out result.Port),
                Seen.Uploaded => ReadNumber(value, TrackerFailure.InvalidUploaded, out result.Uploaded),
                Seen.Downloaded => ReadNumber(value, TrackerFailure.InvalidDownloaded, out result.Downloaded),
                Seen.Left => ReadNumber(value, TrackerFailure.InvalidLeft, out result.Left),
                Seen.Event => ReadEvent(value, out result.Event),
                Seen.Compact => ReadFlag(value, out result.Compact),
                Seen.NumWant => ReadNumWant(value, out result.NumWant),
                Seen.Key => ReadKey(value, bytes, out result.Key),
                Seen.NoPeerId => SetTrue(out result.NoPeerId),
                _ => ReadToken(value, pairStart + equals + 1, ref result),
            };
            if (failure != TrackerFailure.None)
            {
                return failure;
            }
        }

        if ((seen & Seen.InfoHash) == 0)
        {
            return TrackerFailure.MissingInfoHash;
        }

        if ((seen & Seen.PeerId) == 0)
        {
            return TrackerFailure.MissingPeerId;
        }

        return (seen & Seen.Port) == 0 ? TrackerFailure.MissingPort : TrackerFailure.None;
    }

    private static Seen Classify(ReadOnlySpan<char> name) => name switch
    {
        "info_hash" => Seen.InfoHash,
        "peer_id" => Seen.PeerId,
        "port" => Seen.Port,
        "uploaded" => Seen.Uploaded,
        "downloaded" => Seen.Downloaded,
        "left" => Seen.Left,
        "event" => Seen.Event,
        "compact" => Seen.Compact,
        "numwant" => Seen.NumWant,
        "key" => Seen.Key,
        "no_peer_id" => Seen.NoPeerId,
        "token" => Seen.Token,
        _ => Seen.None,
    };

    /// <summary>Reads a 20-byte binary value (info_hash, peer_id).</summary>
    internal static TrackerFailure ReadHash(ReadOnlySpan<char> value, Span<byte> scratch, TrackerFailure failure, out TrackerInfoHash hash)
    {
        hash = default;
        var buffer = scratch[..(TrackerInfoHash.Length + 1)];
        if (!QueryDecoding.TryDecode(value, buffer, out var written) || written != TrackerInfoHash.Length)
        {
            return failure;
        }

        hash = TrackerInfoHash.FromBytes(buffer[..TrackerInfoHash.Length]);
        return TrackerFailure.None;
    }

    private static TrackerFailure ReadPort(ReadOnlySpan<char> value, out ushort port)
    {
        port = 0;
        if (!QueryDecoding.TryParseNonNegative(value, out var number) || number is < 1 or > 65535)
        {
            return TrackerFailure.InvalidPort;
        }

        port = (ushort)number;
        return TrackerFailure.None;
    }

    private static TrackerFailure ReadNumber(ReadOnlySpan<char> value, TrackerFailure failure, out long number)
        => QueryDecoding.TryParseNonNegative(value, out number) ? TrackerFailure.None : failure;

    private static TrackerFailure ReadEvent(ReadOnlySpan<char> value, out AnnounceEvent announceEvent)
    {
        announceEvent = value switch
        {
            "started" => AnnounceEvent.Started,
            "completed" => AnnounceEvent.Completed,
            "stopped" => AnnounceEvent.Stopped,
            "" or "empty" or "paused" => AnnounceEvent.None,
            _ => (AnnounceEvent)(-1),
        };
        return announceEvent < 0 ? TrackerFailure.InvalidEvent : TrackerFailure.None;
    }

    private static TrackerFailure ReadFlag(ReadOnlySpan<char> value, out bool flag)
    {
        flag = value is "1";
        return value is "0" or "1" ? TrackerFailure.None : TrackerFailure.InvalidCompact;
    }

    private static TrackerFailure SetTrue(out bool flag)
    {
        // BEP 23: no_peer_id is a hint whatever its value.
        flag = true;
        return TrackerFailure.None;
    }

    private static TrackerFailure ReadNumWant(ReadOnlySpan<char> value, out int numWant)
    {
        numWant = -1;
        if (value.Length > 0 && value[0] == '-')
        {
            // Some clients send -1 for "the default".
            return value is "-1" ? TrackerFailure.None : TrackerFailure.InvalidNumWant;
        }

        if (!QueryDecoding.IsDigits(value))
        {
            return TrackerFailure.InvalidNumWant;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out numWant) || numWant > ProtocolLimits.TrackerServerNumWantParameterMax)
        {
            numWant = -1;
            return TrackerFailure.NumWantTooLarge;
        }

        return TrackerFailure.None;
    }

    private static TrackerFailure ReadKey(ReadOnlySpan<char> value, Span<byte> scratch, out uint key)
    {
        key = 0;
        if (!QueryDecoding.TryDecode(value, scratch, out var written))
        {
            return TrackerFailure.InvalidKey;
        }

        // FNV-1a: clients send the key as hex, decimal or free text; only its identity matters.
        var hash = 2166136261u;
        foreach (var b in scratch[..written])
        {
            hash = (hash ^ b) * 16777619u;
        }

        key = hash;
        return TrackerFailure.None;
    }

    private static TrackerFailure ReadToken(ReadOnlySpan<char> value, int start, ref AnnounceQuery result)
    {
        if (value.IsEmpty || value.Length > ProtocolLimits.TrackerServerTokenMaxChars)
        {
            return TrackerFailure.InvalidToken;
        }

        result.TokenStart = start;
        result.TokenLength = value.Length;
        return TrackerFailure.None;
    }
}
