using System.Buffers.Text;
using System.Buffers;
using System.Text;

namespace Publisher.Torrent.Bencoding;

/// <summary>
/// Writes canonical bencode token by token into an <see cref="IBufferWriter{T}"/>. Dictionary keys must be
/// written in sorted byte order and unique; the writer checks this (and that every key gets a value) and
/// throws <see cref="InvalidOperationException"/> on misuse.
/// </summary>
public sealed class BencodeWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly List<Frame> _frames = [];
    private byte[] _keys = new byte[64];
    private int _keysLength;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public BencodeWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Number of open lists and dictionaries.</summary>
    public int Depth => _frames.Count;

    /// <summary>Writes an integer value.</summary>
    public void WriteInteger(long value)
    {
        BeforeValue();
        var span = _output.GetSpan(22);
        span[0] = (byte)'i';
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        span[1 + written] = (byte)'e';
        _output.Advance(written + 2);
        AfterValue();
    }

    /// <summary>Writes a byte-string value.</summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        BeforeValue();
        WriteStringCore(value);
        AfterValue();
    }

    /// <summary>Writes the UTF-8 bytes of <paramref name="value"/> as a byte-string value.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteString(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Writes a dictionary key; keys must come in sorted byte order, each once.</summary>
    public void WriteKey(ReadOnlySpan<byte> key)
    {
        if (_frames.Count == 0 || !_frames[^1].IsDictionary || _frames[^1].HasPendingKey)
        {
            throw new InvalidOperationException("A key can only be written inside a dictionary, before its value.");
        }

        var frame = _frames[^1];
        if (frame.LastKeyStart >= 0)
        {
            var previous = _keys.AsSpan(frame.LastKeyStart, _keysLength - frame.LastKeyStart);
            if (key.SequenceCompareTo(previous) <= 0)
            {
                throw new InvalidOperationException($"Dictionary key '{Encoding.UTF8.GetString(key)}' is not after '{Encoding.UTF8.GetString(previous)}': keys must be sorted and unique.");
            }

            _keysLength = frame.LastKeyStart;
        }

        if (_keysLength + key.Length > _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(_keys.Length * 2, _keysLength + key.Length));
        }

        key.CopyTo(_keys.AsSpan(_keysLength));
        _frames[^1] = frame with { LastKeyStart = _keysLength, HasPendingKey = true };
        _keysLength += key.Length;
        WriteStringCore(key);
    }

    /// <summary>Writes a dictionary key given as text (its UTF-8 bytes).</summary>
    public void WriteKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        WriteKey(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Starts a list.</summary>
    public void WriteStartList() => Start(isDictionary: false);

    /// <summary>Starts a dictionary.</summary>
    public void WriteStartDictionary() => Start(isDictionary: true);

    /// <summary>Ends the innermost open list or dictionary.</summary>
    public void WriteEnd()
    {
        if (_frames.Count == 0)
        {
            throw new InvalidOperationException("There is no open list or dictionary to end.");
        }

        var frame = _frames[^1];
        if (frame.HasPendingKey)
        {
            throw new InvalidOperationException("The last dictionary key has no value.");
        }

        _frames.RemoveAt(_frames.Count - 1);
        _keysLength = frame.KeysStart;
        WriteByte((byte)'e');
        AfterValue();
    }

    /// <summary>
    /// Writes one already-encoded value verbatim (for example the exact bytes of an info dictionary).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="encodedValue"/> is not exactly one bencoded value.</exception>
    public void WriteRaw(ReadOnlySpan<byte> encodedValue)
    {
        if (BencodeReader.TryGetValueLength(encodedValue, out var length, BencodeReaderOptions.Lenient) != OperationStatus.Done || length != encodedValue.Length)
        {
            throw new ArgumentException("The bytes are not exactly one bencoded value.", nameof(encodedValue));
        }

        BeforeValue();
        _output.Write(encodedValue);
        AfterValue();
    }

    private void Start(bool isDictionary)
    {
        BeforeValue();
        WriteByte(isDictionary ? (byte)'d' : (byte)'l');
        _frames.Add(new Frame(isDictionary, false, -1, _keysLength));
    }

    private void BeforeValue()
    {
        if (_frames.Count > 0 && _frames[^1].IsDictionary && !_frames[^1].HasPendingKey)
        {
            throw new InvalidOperationException("Inside a dictionary a key must be written before each value.");
        }
    }

    private void AfterValue()
    {
        if (_frames.Count > 0 && _frames[^1].IsDictionary)
        {
            _frames[^1] = _frames[^1] with { HasPendingKey = false };
        }
    }

    private void WriteStringCore(ReadOnlySpan<byte> value)
    {
        var span = _output.GetSpan(11);
        Utf8Formatter.TryFormat(value.Length, span, out var written);
        span[written] = (byte)':';
        _output.Advance(written + 1);
        _output.Write(value);
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private readonly record struct Frame(bool IsDictionary, bool HasPendingKey, int LastKeyStart, int KeysStart);
}
