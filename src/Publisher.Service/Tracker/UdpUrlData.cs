using System.Text;
using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// BEP 41 options after a UDP announce: collects URLData (option 2) and finds a download token in it, either as the
/// path segment after <c>/announce/</c> or as a <c>token=</c> query parameter.
/// </summary>
internal static class UdpUrlData
{
    private const byte EndOfOptions = 0;
    private const byte Nop = 1;
    private const byte UrlData = 2;

    /// <summary>False when the options are malformed or too long; <paramref name="token"/> is null when there is none.</summary>
    public static bool TryReadToken(ReadOnlySpan<byte> options, out string? token)
    {
        token = null;
        Span<byte> url = stackalloc byte[ProtocolLimits.TrackerServerMaxUrlDataBytes];
        var length = 0;
        var position = 0;
        while (position < options.Length)
        {
            var type = options[position++];
            if (type == EndOfOptions)
            {
                break;
            }

            if (type == Nop)
            {
                continue;
            }

            if (position >= options.Length)
            {
                return false;
            }

            var size = options[position++];
            if (position + size > options.Length)
            {
                return false;
            }

            if (type == UrlData)
            {
                if (length + size > url.Length)
                {
                    return false;
                }

                options.Slice(position, size).CopyTo(url[length..]);
                length += size;
            }

            position += size;
        }

        return length == 0 || TryFindToken(url[..length], out token);
    }

    private static bool TryFindToken(ReadOnlySpan<byte> url, out string? token)
    {
        token = null;
        var question = url.IndexOf((byte)'?');
        var path = question < 0 ? url : url[..question];
        ReadOnlySpan<byte> value = [];
        var prefix = "/announce/"u8;
        var segment = path.IndexOf(prefix);
        if (segment >= 0)
        {
            value = path[(segment + prefix.Length)..];
        }
        else if (question >= 0)
        {
            var query = url[(question + 1)..];
            while (!query.IsEmpty)
            {
                var amp = query.IndexOf((byte)'&');
                var pair = amp < 0 ? query : query[..amp];
                query = amp < 0 ? [] : query[(amp + 1)..];
                if (pair.StartsWith("token="u8))
                {
                    value = pair[6..];
                    break;
                }
            }
        }

        if (value.IsEmpty)
        {
            return true;
        }

        if (value.Length > ProtocolLimits.TrackerServerTokenMaxChars)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is <= (byte)' ' or >= 0x7F)
            {
                return false;
            }
        }

        token = Encoding.ASCII.GetString(value);
        return true;
    }
}
