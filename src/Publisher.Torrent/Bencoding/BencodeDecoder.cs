using System.Runtime.CompilerServices;

namespace Publisher.Torrent.Bencoding;

/// <summary>
/// Decodes bencode into the <see cref="BValue"/> object model. Strings are slices of the input (no copies),
/// and every value remembers its exact source bytes (<see cref="BValue.Source"/>).
/// </summary>
public static class BencodeDecoder
{
    /// <summary>Decodes <paramref name="input"/>, which must hold exactly one value.</summary>
    /// <exception cref="BencodeException">Malformed, truncated, or followed by other bytes.</exception>
    public static BValue Decode(ReadOnlyMemory<byte> input, BencodeReaderOptions? options = null)
    {
        var value = Decode(input, out var consumed, options);
        if (consumed != input.Length)
        {
            throw new BencodeException(BencodeError.TrailingData, consumed, "the end of the input after the value");
        }

        return value;
    }

    /// <summary>Decodes <paramref name="input"/>, which must hold exactly one value.</summary>
    /// <exception cref="BencodeException">Malformed, truncated, or followed by other bytes.</exception>
    public static BValue Decode(byte[] input, BencodeReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Decode(new ReadOnlyMemory<byte>(input), options);
    }

    /// <summary>Decodes a copy of <paramref name="input"/>, which must hold exactly one value.</summary>
    /// <exception cref="BencodeException">Malformed, truncated, or followed by other bytes.</exception>
    public static BValue Decode(ReadOnlySpan<byte> input, BencodeReaderOptions? options = null)
    {
        // Measure first so a malformed input is rejected before it is copied.
        var reader = new BencodeReader(input, options);
        while (reader.Read())
        {
        }

        if (reader.Position != input.Length)
        {
            throw new BencodeException(BencodeError.TrailingData, reader.Position, "the end of the input after the value");
        }

        return Decode(new ReadOnlyMemory<byte>(input.ToArray()), options);
    }

    /// <summary>
    /// Decodes the first value of <paramref name="input"/> and reports how many bytes it used; bytes after
    /// it are allowed (e.g. the piece data after a ut_metadata message's dictionary).
    /// </summary>
    /// <exception cref="BencodeException">Malformed or truncated.</exception>
    public static BValue Decode(ReadOnlyMemory<byte> input, out int consumed, BencodeReaderOptions? options = null)
    {
        options ??= BencodeReaderOptions.Strict;
        var reader = new BencodeReader(input.Span, options);
        if (!reader.Read())
        {
            throw reader.CreateException();
        }

        var value = ReadValue(ref reader, new Scratch(input, options.AllowUnsortedKeys));
        consumed = reader.Position;
        return value;
    }

    /// <summary>Decodes <paramref name="input"/> and requires a dictionary.</summary>
    /// <exception cref="BencodeException">Malformed, truncated, trailing bytes, or not a dictionary.</exception>
    public static BDictionary DecodeDictionary(ReadOnlyMemory<byte> input, BencodeReaderOptions? options = null)
    {
        return Decode(input, options) as BDictionary
            ?? throw new BencodeException(BencodeError.UnexpectedByte, 0, "a dictionary ('d')");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BValue ReadValue(ref BencodeReader reader, Scratch scratch)
    {
        var start = reader.TokenStart;
        BValue value;
        switch (reader.TokenType)
        {
            case BencodeTokenType.String:
                value = new BString(scratch.Input.Slice(reader.ValueStart, reader.ValueSpan.Length));
                break;
            case BencodeTokenType.Integer:
                value = new BInteger(reader.GetInt64());
                break;
            case BencodeTokenType.StartList:
                value = ReadList(ref reader, scratch);
                break;
            case BencodeTokenType.StartDictionary:
                value = ReadDictionary(ref reader, scratch);
                break;
            default:
                throw new InvalidOperationException($"Unexpected token {reader.TokenType}.");
        }

        value.SetSource(scratch.Input, start, reader.Position);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BList ReadList(ref BencodeReader reader, Scratch scratch)
    {
        // Items of nested containers are stacked on one shared list and copied out once complete.
        var items = scratch.Items;
        var first = items.Count;
        while (reader.Read() && reader.TokenType != BencodeTokenType.EndList)
        {
            items.Add(ReadValue(ref reader, scratch));
        }

        var array = items.Count == first ? [] : new BValue[items.Count - first];
        items.CopyTo(first, array, 0, array.Length);
        items.RemoveRange(first, array.Length);
        return new BList(array, owned: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BDictionary ReadDictionary(ref BencodeReader reader, Scratch scratch)
    {
        var entries = scratch.Entries;
        var first = entries.Count;
        while (reader.Read() && reader.TokenType != BencodeTokenType.EndDictionary)
        {
            var keyStart = reader.TokenStart;
            var key = new BString(scratch.Input.Slice(reader.ValueStart, reader.ValueSpan.Length));
            key.SetSource(scratch.Input, keyStart, reader.Position);
            reader.Read();
            var value = ReadValue(ref reader, scratch);
            entries.Add(new(key, value));
        }

        var array = new KeyValuePair<BString, BValue>[entries.Count - first];
        entries.CopyTo(first, array, 0, array.Length);
        entries.RemoveRange(first, array.Length);
        var dictionary = BDictionary.FromDecoded(array, sorted: !scratch.Lenient, out var duplicate);
        if (duplicate is not null)
        {
            throw new BencodeException(BencodeError.DuplicateKey, duplicate.SourceOffset, $"a key not already present in this dictionary (found '{duplicate}' twice)");
        }

        return dictionary;
    }

    /// <summary>Per-decode state: the input and the shared stacks that collect container contents.</summary>
    private sealed class Scratch(ReadOnlyMemory<byte> input, bool lenient)
    {
        public ReadOnlyMemory<byte> Input { get; } = input;

        public bool Lenient { get; } = lenient;

        public List<BValue> Items { get; } = [];

        public List<KeyValuePair<BString, BValue>> Entries { get; } = [];
    }
}
