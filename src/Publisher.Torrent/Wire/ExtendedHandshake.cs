using System.Buffers;
using System.Net;
using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Wire;

/// <summary>
/// The BEP 10 extension handshake (extended message id 0): the extensions a peer supports and the ids it wants them
/// sent with (<c>m</c>), its client name (<c>v</c>), listen port (<c>p</c>), request queue length (<c>reqq</c>),
/// metadata size (<c>metadata_size</c>, BEP 9) and the address it sees us at (<c>yourip</c>). One per connection.
/// Unknown keys are ignored; values outside <see cref="ProtocolLimits"/> are dropped rather than trusted.
/// </summary>
internal sealed class ExtendedHandshake
{
    /// <summary>The extended message id of the handshake itself.</summary>
    public const byte HandshakeId = 0;

    /// <summary>The name of the BEP 9 metadata extension.</summary>
    public const string UtMetadata = "ut_metadata";

    /// <summary>Extension name to the id the sender wants to receive it with; 0 means "disabled".</summary>
    public Dictionary<string, byte> Extensions { get; init; } = new(StringComparer.Ordinal);

    public string? Client { get; init; }

    public int? ListenPort { get; init; }

    public int? RequestQueueLength { get; init; }

    public int? MetadataSize { get; init; }

    public IPAddress? YourIp { get; init; }

    /// <summary>The id to send <paramref name="name"/> messages with, or 0 when the peer does not support it.</summary>
    public byte IdOf(string name) => Extensions.TryGetValue(name, out var id) ? id : (byte)0;

    /// <summary>Encodes the bencoded payload (without the extended message header).</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new BencodeWriter(buffer);
        writer.WriteStartDictionary();
        writer.WriteKey("m");
        writer.WriteStartDictionary();
        var names = new List<string>(Extensions.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            writer.WriteKey(name);
            writer.WriteInteger(Extensions[name]);
        }

        writer.WriteEnd();
        if (MetadataSize is { } size)
        {
            writer.WriteKey("metadata_size");
            writer.WriteInteger(size);
        }

        if (ListenPort is { } port)
        {
            writer.WriteKey("p");
            writer.WriteInteger(port);
        }

        if (RequestQueueLength is { } reqq)
        {
            writer.WriteKey("reqq");
            writer.WriteInteger(reqq);
        }

        if (Client is { } client)
        {
            writer.WriteKey("v");
            writer.WriteString(client);
        }

        if (YourIp is { } ip)
        {
            writer.WriteKey("yourip");
            writer.WriteString(ip.GetAddressBytes());
        }

        writer.WriteEnd();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a handshake payload; false (a violation) when it is not a bencoded dictionary with an <c>m</c> dictionary shape.</summary>
    public static bool TryParse(ReadOnlySequence<byte> payload, out ExtendedHandshake? handshake)
    {
        handshake = null;
        if (payload.Length > ProtocolLimits.MaxExtendedMessageLength)
        {
            return false;
        }

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return TryParse(rented.AsSpan(0, length), out handshake);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> payload, out ExtendedHandshake? handshake)
    {
        handshake = null;
        var extensions = new Dictionary<string, byte>(StringComparer.Ordinal);
        string? client = null;
        int? port = null, reqq = null, metadataSize = null;
        IPAddress? yourIp = null;
        try
        {
            var reader = new BencodeReader(payload, BencodeReaderOptions.Lenient);
            if (!reader.Read() || reader.TokenType != BencodeTokenType.StartDictionary)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
            {
                if (reader.ValueEquals("m"u8))
                {
                    if (!ReadExtensions(ref reader, extensions))
                    {
                        return false;
                    }
                }
                else if (reader.ValueEquals("v"u8))
                {
                    reader.Read();
                    if (reader.TokenType == BencodeTokenType.String && reader.ValueSpan.Length <= ProtocolLimits.MaxExtensionNameLength)
                    {
                        client = reader.GetString();
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
                else if (reader.ValueEquals("p"u8))
                {
                    port = ReadInt(ref reader, 1, ushort.MaxValue);
                }
                else if (reader.ValueEquals("reqq"u8))
                {
                    reqq = ReadInt(ref reader, 1, int.MaxValue) is { } q ? Math.Min(q, ProtocolLimits.MaxOutstandingRequests) : null;
                }
                else if (reader.ValueEquals("metadata_size"u8))
                {
                    metadataSize = ReadInt(ref reader, 1, ProtocolLimits.MaxMetadataSize);
                }
                else if (reader.ValueEquals("yourip"u8))
                {
                    reader.Read();
                    if (reader.TokenType == BencodeTokenType.String && reader.ValueSpan.Length is 4 or 16)
                    {
                        yourIp = new IPAddress(reader.ValueSpan);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (BencodeException)
        {
            return false;
        }

        handshake = new ExtendedHandshake
        {
            Extensions = extensions,
            Client = client,
            ListenPort = port,
            RequestQueueLength = reqq,
            MetadataSize = metadataSize,
            YourIp = yourIp,
        };
        return true;
    }

    private static bool ReadExtensions(ref BencodeReader reader, Dictionary<string, byte> extensions)
    {
        reader.Read();
        if (reader.TokenType != BencodeTokenType.StartDictionary)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
        {
            var nameOk = reader.ValueSpan.Length <= ProtocolLimits.MaxExtensionNameLength && extensions.Count < ProtocolLimits.MaxExtensionCount;
            var name = nameOk ? reader.GetString() : null;
            reader.Read();
            if (reader.TokenType == BencodeTokenType.Integer)
            {
                var id = reader.GetInt64();
                if (name is not null && id is >= 0 and <= byte.MaxValue)
                {
                    extensions[name] = (byte)id;
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return true;
    }

    private static int? ReadInt(ref BencodeReader reader, long min, long max)
    {
        reader.Read();
        if (reader.TokenType != BencodeTokenType.Integer)
        {
            SkipValue(ref reader);
            return null;
        }

        var value = reader.GetInt64();
        return value >= min && value <= max ? (int)value : null;
    }

    /// <summary>Skips the value the reader was just moved onto (a string or integer is already consumed).</summary>
    private static void SkipValue(ref BencodeReader reader)
    {
        if (reader.TokenType is BencodeTokenType.StartList or BencodeTokenType.StartDictionary)
        {
            reader.Skip();
        }
    }
}
