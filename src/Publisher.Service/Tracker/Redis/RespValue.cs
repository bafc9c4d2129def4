using System.Text;

namespace Publisher.Service.Tracker.Redis;

/// <summary>One parsed RESP2 reply.</summary>
internal sealed class RespValue
{
    public static readonly RespValue NullValue = new(RespKind.Null, 0, null, null);

    public RespValue(RespKind kind, long integer, byte[]? bytes, RespValue[]? items)
    {
        Kind = kind;
        Integer = integer;
        Bytes = bytes;
        Items = items;
    }

    public RespKind Kind { get; }

    /// <summary>The value of an integer reply.</summary>
    public long Integer { get; }

    /// <summary>The payload of a simple string, error or bulk string.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The elements of an array.</summary>
    public RespValue[]? Items { get; }

    public string Text => Bytes is null ? string.Empty : Encoding.UTF8.GetString(Bytes);

    /// <summary>An integer reply, or a bulk/simple string holding a decimal integer.</summary>
    public long AsInt64()
    {
        if (Kind == RespKind.Integer)
        {
            return Integer;
        }

        if (Kind == RespKind.Null)
        {
            return 0;
        }

        if (Bytes is not null && System.Buffers.Text.Utf8Parser.TryParse(Bytes, out long value, out var consumed) && consumed == Bytes.Length)
        {
            return value;
        }

        throw new RedisProtocolException("Expected an integer reply from Redis.");
    }
}
