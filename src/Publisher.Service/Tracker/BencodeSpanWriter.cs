namespace Publisher.Service.Tracker;

/// <summary>
/// Writes the few fixed-shape tracker answers (announce, scrape, failure) straight into a byte span: byte strings,
/// integers and raw delimiters. Not a general bencoder (that lives in Publisher.Torrent.Bencoding); callers size
/// the span from the answer's known maximum.
/// </summary>
internal ref struct BencodeSpanWriter
{
    private readonly Span<byte> _buffer;

    public BencodeSpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Written = 0;
    }

    public int Written { get; private set; }

    /// <summary>Delimiters and pre-encoded keys (e.g. <c>"d8:completei"u8</c>).</summary>
    public void Raw(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Written..]);
        Written += bytes.Length;
    }

    /// <summary>The digits of <paramref name="value"/> (no <c>i</c>/<c>e</c>).</summary>
    public void Digits(long value)
    {
        value.TryFormat(_buffer[Written..], out var count, default, System.Globalization.CultureInfo.InvariantCulture);
        Written += count;
    }

    /// <summary>An integer: <c>i42e</c>.</summary>
    public void Integer(long value)
    {
        _buffer[Written++] = (byte)'i';
        Digits(value);
        _buffer[Written++] = (byte)'e';
    }

    /// <summary>A byte string: <c>4:spam</c>.</summary>
    public void String(scoped ReadOnlySpan<byte> bytes)
    {
        Digits(bytes.Length);
        _buffer[Written++] = (byte)':';
        Raw(bytes);
    }
}
