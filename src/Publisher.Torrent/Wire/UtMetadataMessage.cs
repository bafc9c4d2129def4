using System.Buffers;
using System.Buffers.Text;
using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Wire;

/// <summary>
/// A BEP 9 ut_metadata message: a bencoded dictionary (<c>msg_type</c>, <c>piece</c>, and for data <c>total_size</c>)
/// followed, for data, by the metadata piece itself (16 KiB, the last one shorter). <see cref="Data"/> points into
/// the read buffer. Encoding writes the dictionary by hand into a span: no allocation.
/// </summary>
internal readonly record struct UtMetadataMessage(UtMetadataMessageType Type, int Piece, int TotalSize, ReadOnlySequence<byte> Data)
{
    /// <summary>The longest dictionary we write: "d8:msg_typei1e5:piecei511e10:total_sizei8388608ee" and then some.</summary>
    public const int MaxHeaderLength = 64;

    /// <summary>The number of 16 KiB pieces of metadata of <paramref name="totalSize"/> bytes.</summary>
    public static int PieceCountOf(int totalSize) => (totalSize + ProtocolLimits.MetadataPieceLength - 1) / ProtocolLimits.MetadataPieceLength;

    /// <summary>
    /// Parses an extended payload. <paramref name="knownSize"/> is the metadata size from the peer's handshake (or
    /// 0 when unknown); a data message must agree with it. Returns false for anything malformed or over limits.
    /// </summary>
    public static bool TryParse(ReadOnlySequence<byte> payload, int knownSize, out UtMetadataMessage message)
    {
        message = default;
        if (payload.Length > ProtocolLimits.MaxExtendedMessageLength)
        {
            return false;
        }

        // The dictionary is at most a few dozen bytes; only it is copied.
        Span<byte> head = stackalloc byte[256];
        var headLength = (int)Math.Min(payload.Length, head.Length);
        payload.Slice(0, headLength).CopyTo(head);
        long type = -1, piece = -1, totalSize = -1;
        int dictionaryLength;
        try
        {
            var reader = new BencodeReader(head[..headLength], BencodeReaderOptions.Lenient);
            if (!reader.Read() || reader.TokenType != BencodeTokenType.StartDictionary)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
            {
                ref var target = ref type;
                if (reader.ValueEquals("msg_type"u8))
                {
                    target = ref type;
                }
                else if (reader.ValueEquals("piece"u8))
                {
                    target = ref piece;
                }
                else if (reader.ValueEquals("total_size"u8))
                {
                    target = ref totalSize;
                }
                else
                {
                    reader.Skip();
                    continue;
                }

                reader.Read();
                if (reader.TokenType != BencodeTokenType.Integer)
                {
                    return false;
                }

                target = reader.GetInt64();
            }

            dictionaryLength = reader.Position;
        }
        catch (BencodeException)
        {
            return false;
        }

        if (type is < 0 or > 2 || piece < 0 || piece >= PieceCountOf(ProtocolLimits.MaxMetadataSize))
        {
            return false;
        }

        var data = payload.Slice(dictionaryLength);
        if (type != (long)UtMetadataMessageType.Data)
        {
            message = new UtMetadataMessage((UtMetadataMessageType)type, (int)piece, 0, default);
            return data.IsEmpty;
        }

        if (totalSize is <= 0 or > ProtocolLimits.MaxMetadataSize || (knownSize > 0 && totalSize != knownSize) || piece >= PieceCountOf((int)totalSize))
        {
            return false;
        }

        var expected = Math.Min(ProtocolLimits.MetadataPieceLength, (int)totalSize - ((int)piece * ProtocolLimits.MetadataPieceLength));
        if (data.Length != expected)
        {
            return false;
        }

        message = new UtMetadataMessage(UtMetadataMessageType.Data, (int)piece, (int)totalSize, data);
        return true;
    }

    /// <summary>Writes the dictionary of a request or reject for <paramref name="piece"/>.</summary>
    public static int WriteRequestOrReject(Span<byte> destination, UtMetadataMessageType type, int piece)
    {
        if (type == UtMetadataMessageType.Data)
        {
            throw new ArgumentException("Use WriteDataHeader for data messages.", nameof(type));
        }

        var written = Append(destination, "d8:msg_typei"u8);
        written += AppendInt(destination[written..], (int)type);
        written += Append(destination[written..], "e5:piecei"u8);
        written += AppendInt(destination[written..], piece);
        written += Append(destination[written..], "ee"u8);
        return written;
    }

    /// <summary>Writes the dictionary of a data message; the piece's bytes follow it.</summary>
    public static int WriteDataHeader(Span<byte> destination, int piece, int totalSize)
    {
        var written = Append(destination, "d8:msg_typei1e5:piecei"u8);
        written += AppendInt(destination[written..], piece);
        written += Append(destination[written..], "e10:total_sizei"u8);
        written += AppendInt(destination[written..], totalSize);
        written += Append(destination[written..], "ee"u8);
        return written;
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private static int AppendInt(Span<byte> destination, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }
}
