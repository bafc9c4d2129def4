using System.Text;

namespace Publisher.Torrent.Bencoding;

/// <summary>A bencoded byte string. Compares and sorts by raw bytes, as dictionary keys must.</summary>
public sealed class BString : BValue, IEquatable<BString>, IComparable<BString>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Creates a string holding <paramref name="value"/> (not copied: do not change it afterwards).</summary>
    public BString(ReadOnlyMemory<byte> value)
    {
        Value = value;
    }

    /// <summary>Creates a string holding <paramref name="value"/> (not copied: do not change it afterwards).</summary>
    public BString(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>Creates a string holding the UTF-8 bytes of <paramref name="value"/>.</summary>
    public BString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The bytes as a span.</summary>
    public ReadOnlySpan<byte> Span => Value.Span;

    /// <summary>Number of bytes.</summary>
    public int Length => Value.Length;

    /// <summary>Decodes the bytes as strict UTF-8; false when they are not valid UTF-8.</summary>
    public bool TryGetUtf8(out string value)
    {
        try
        {
            value = StrictUtf8.GetString(Value.Span);
            return true;
        }
        catch (DecoderFallbackException)
        {
            value = string.Empty;
            return false;
        }
    }

    /// <summary>True when the bytes equal the UTF-8 encoding of <paramref name="text"/>.</summary>
    public bool ValueEquals(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> buffer = max <= 256 ? stackalloc byte[max] : new byte[max];
        var count = Encoding.UTF8.GetBytes(text, buffer);
        return Value.Span.SequenceEqual(buffer[..count]);
    }

    /// <inheritdoc/>
    public bool Equals(BString? other) => other is not null && other.Value.Span.SequenceEqual(Value.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as BString);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public int CompareTo(BString? other) => other is null ? 1 : Value.Span.SequenceCompareTo(other.Value.Span);

    /// <summary>The bytes decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Value.Span);
}
