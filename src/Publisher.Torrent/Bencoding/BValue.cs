namespace Publisher.Torrent.Bencoding;

/// <summary>
/// A bencoded value: <see cref="BString"/>, <see cref="BInteger"/>, <see cref="BList"/> or <see cref="BDictionary"/>.
/// Immutable. Values produced by <see cref="BencodeDecoder"/> remember the exact bytes they were decoded from
/// (<see cref="Source"/>), which is what info hashes are computed from.
/// </summary>
public abstract class BValue
{
    private protected BValue()
    {
        SourceOffset = -1;
    }

    /// <summary>
    /// The exact encoded bytes this value was decoded from (a slice of the decoder's input), or empty for
    /// values built in code.
    /// </summary>
    public ReadOnlyMemory<byte> Source { get; private set; }

    /// <summary>Offset of <see cref="Source"/> in the decoder's input, or -1 for values built in code.</summary>
    public int SourceOffset { get; private set; }

    /// <summary>A string value holding the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static implicit operator BValue(string value) => new BString(value);

    /// <summary>An integer value.</summary>
    public static implicit operator BValue(long value) => new BInteger(value);

    /// <summary>A string value holding <paramref name="value"/>.</summary>
    public static implicit operator BValue(byte[] value) => new BString(value);

    /// <summary>The canonical encoding of this value.</summary>
    public byte[] Encode() => BencodeEncoder.Encode(this);

    internal void SetSource(ReadOnlyMemory<byte> input, int start, int end)
    {
        Source = input[start..end];
        SourceOffset = start;
    }
}
