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

        var value = ReadValue(ref reader, input, options.AllowUnsortedKeys);
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

    private static BValue ReadValue(ref BencodeReader reader, ReadOnlyMemory<byte> input, bool lenient)
    {
        var start = reader.TokenStart;
        BValue value;
        switch (reader.TokenType)
        {
            case BencodeTokenType.String:
                value = new BString(input.Slice(reader.ValueStart, reader.ValueSpan.Length));
                break;
            case BencodeTokenType.Integer:
                value = new BInteger(reader.GetInt64());
                break;
            case BencodeTokenType.StartList:
                value = ReadList(ref reader, input, lenient);
                break;
            case BencodeTokenType.StartDictionary:
                value = ReadDictionary(ref reader, input, lenient);
                break;
            default:
                throw new InvalidOperationException($"Unexpected token {reader.TokenType}.");
        }

        value.SetSource(input, start, reader.Position);
        return value;
    }

    private static BList ReadList(ref BencodeReader reader, ReadOnlyMemory<byte> input, bool lenient)
    {
        var items = new List<BValue>();
        while (reader.Read() && reader.TokenType != BencodeTokenType.EndList)
        {
            items.Add(ReadValue(ref reader, input, lenient));
        }

        return new BList([.. items], owned: true);
    }

    private static BDictionary ReadDictionary(ref BencodeReader reader, ReadOnlyMemory<byte> input, bool lenient)
    {
        var entries = new List<KeyValuePair<BString, BValue>>();
        while (reader.Read() && reader.TokenType != BencodeTokenType.EndDictionary)
        {
            var keyStart = reader.TokenStart;
            var key = new BString(input.Slice(reader.ValueStart, reader.ValueSpan.Length));
            key.SetSource(input, keyStart, reader.Position);
            reader.Read();
            entries.Add(new(key, ReadValue(ref reader, input, lenient)));
        }

        var dictionary = BDictionary.FromDecoded([.. entries], sorted: !lenient, out var duplicate);
        if (duplicate is not null)
        {
            throw new BencodeException(BencodeError.DuplicateKey, duplicate.SourceOffset, $"a key not already present in this dictionary (found '{duplicate}' twice)");
        }

        return dictionary;
    }
}
