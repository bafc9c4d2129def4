using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Publisher.Service.Tracker.Redis;

/// <summary>Encodes one command as a RESP2 array of bulk strings.</summary>
internal sealed class RespRequest
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly int _count;
    private int _added;

    public RespRequest(int argumentCount, int sizeHint = 256)
    {
        _count = argumentCount;
        _buffer = new ArrayBufferWriter<byte>(sizeHint);
        WritePrefixed((byte)'*', argumentCount);
    }

    /// <summary>The encoded command; every declared argument must have been added.</summary>
    public ReadOnlyMemory<byte> Written
        => _added == _count ? _buffer.WrittenMemory : throw new InvalidOperationException($"The command declares {_count} arguments but has {_added}.");

    public RespRequest Add(ReadOnlySpan<byte> argument)
    {
        _added++;
        WritePrefixed((byte)'$', argument.Length);
        _buffer.Write(argument);
        WriteCrLf();
        return this;
    }

    public RespRequest Add(string argument)
    {
        var length = Encoding.UTF8.GetByteCount(argument);
        _added++;
        WritePrefixed((byte)'$', length);
        var span = _buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(argument, span);
        _buffer.Advance(length);
        WriteCrLf();
        return this;
    }

    public RespRequest Add(long argument)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(argument, digits, out var written);
        return Add(digits[..written]);
    }

    private void WritePrefixed(byte prefix, long value)
    {
        var span = _buffer.GetSpan(24);
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        _buffer.Advance(written + 3);
    }

    private void WriteCrLf()
    {
        var span = _buffer.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        _buffer.Advance(2);
    }
}
