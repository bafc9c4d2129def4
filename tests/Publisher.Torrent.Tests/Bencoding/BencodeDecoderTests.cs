using System.Text;
using Publisher.Torrent.Bencoding;
using Xunit;

namespace Publisher.Torrent.Tests.Bencoding;

public sealed class BencodeDecoderTests
{
    [Fact]
    public void Decode_Dictionary_BuildsObjectModel()
    {
        var value = BencodeDecoder.Decode("d3:bar4:spam3:fooli42ei-7ee4:zero0:e"u8.ToArray());
        var dictionary = Assert.IsType<BDictionary>(value);
        Assert.Equal(3, dictionary.Count);
        Assert.Equal("spam", dictionary["bar"].ToString());
        var list = Assert.IsType<BList>(dictionary["foo"]);
        Assert.Equal([42L, -7L], list.Select(v => ((BInteger)v).Value));
        Assert.True(dictionary.TryGet<BString>("zero", out var empty));
        Assert.Equal(0, empty.Length);
        Assert.False(dictionary.TryGet<BInteger>("bar", out _));
        Assert.False(dictionary.ContainsKey("missing"));
        Assert.Throws<KeyNotFoundException>(() => dictionary["missing"]);
    }

    [Fact]
    public void Decode_NestedValue_KeepsExactSourceBytes()
    {
        var input = "d8:announce3:url4:infod6:lengthi5e4:name1:xee"u8.ToArray();
        var root = BencodeDecoder.DecodeDictionary(input);
        var info = root["info"];
        Assert.Equal("d6:lengthi5e4:name1:xe", Encoding.ASCII.GetString(info.Source.Span));
        Assert.Equal(22, info.SourceOffset);
        Assert.Equal(input, root.Source.ToArray());
        Assert.Equal(-1, new BInteger(1).SourceOffset);
        Assert.True(new BInteger(1).Source.IsEmpty);
    }

    [Fact]
    public void Decode_UnsortedKeysLenient_KeepsOriginalBytesAndSortsModel()
    {
        var input = "d4:infod4:name1:x6:lengthi5ee8:announce3:urle"u8.ToArray();
        Assert.Throws<BencodeException>(() => BencodeDecoder.Decode(input));
        var root = BencodeDecoder.DecodeDictionary(input, BencodeReaderOptions.Lenient);
        Assert.Equal("d4:name1:x6:lengthi5ee", Encoding.ASCII.GetString(root["info"].Source.Span));
        Assert.Equal(["announce", "info"], root.Keys.Select(k => k.ToString()));
        Assert.Equal("d8:announce3:url4:infod6:lengthi5e4:name1:xee", Encoding.ASCII.GetString(root.Encode()));
    }

    [Fact]
    public void Decode_NonAdjacentDuplicateKeysLenient_Rejected()
    {
        var exception = Assert.Throws<BencodeException>(() => BencodeDecoder.Decode("d1:b0:1:a0:1:b0:e"u8.ToArray(), BencodeReaderOptions.Lenient));
        Assert.Equal(BencodeError.DuplicateKey, exception.Error);
    }

    [Fact]
    public void Decode_TrailingBytes_Rejected()
    {
        var exception = Assert.Throws<BencodeException>(() => BencodeDecoder.Decode("i1ei2e"u8.ToArray()));
        Assert.Equal(BencodeError.TrailingData, exception.Error);
        Assert.Equal(3, exception.Offset);
        var spanException = Assert.Throws<BencodeException>(() => BencodeDecoder.Decode((ReadOnlySpan<byte>)"i1ei2e"u8));
        Assert.Equal(BencodeError.TrailingData, spanException.Error);
    }

    [Fact]
    public void Decode_WithConsumed_AllowsTrailingPayload()
    {
        var input = "d8:msg_typei1e5:piecei0eeRAWDATA"u8.ToArray();
        var value = BencodeDecoder.Decode(input, out var consumed);
        Assert.IsType<BDictionary>(value);
        Assert.Equal("RAWDATA", Encoding.ASCII.GetString(input, consumed, input.Length - consumed));
    }

    [Fact]
    public void Decode_Empty_ReportsIncomplete()
    {
        var exception = Assert.Throws<BencodeException>(() => BencodeDecoder.Decode(Array.Empty<byte>()));
        Assert.True(exception.IsIncomplete);
    }

    [Theory]
    [InlineData("i0e")]
    [InlineData("i-1e")]
    [InlineData("0:")]
    [InlineData("le")]
    [InlineData("de")]
    [InlineData("d0:0:e")]
    [InlineData("d1:ad1:bl0:i1ee1:cleee")]
    [InlineData("l4:spam4:eggsi-9223372036854775808ed1:xleee")]
    public void Encode_CanonicalInput_RoundTripsByteForByte(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var value = BencodeDecoder.Decode(bytes);
        Assert.Equal(bytes, BencodeEncoder.Encode(value));
        Assert.Equal(bytes.Length, BencodeEncoder.GetEncodedLength(value));
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        BencodeEncoder.Encode(value, writer);
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
        Span<byte> small = stackalloc byte[bytes.Length - 1];
        Assert.False(BencodeEncoder.TryEncode(value, small, out _));
        Span<byte> exact = stackalloc byte[bytes.Length];
        Assert.True(BencodeEncoder.TryEncode(value, exact, out var written));
        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, exact.ToArray());
    }

    [Fact]
    public void Decode_RandomMutations_GiveValueOrBencodeExceptionOnly()
    {
        var seed = "d8:announce12:http://x/ann13:announce-listll3:abcee4:infod5:filesld6:lengthi12e4:pathl1:a1:beee4:name3:a.b12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"u8.ToArray();
        var random = new Random(20260101);
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = Mutate(seed, random);
            try
            {
                var value = BencodeDecoder.Decode(mutated);
                Assert.Equal(mutated, BencodeEncoder.Encode(value));
                decoded++;
            }
            catch (BencodeException)
            {
            }

            try
            {
                var value = BencodeDecoder.Decode(mutated, BencodeReaderOptions.Lenient);
                BencodeEncoder.Encode(value);
            }
            catch (BencodeException)
            {
            }
        }

        Assert.InRange(decoded, 1, 19_999);
    }

    [Fact]
    public void BDictionary_From_SortsKeysAndRejectsDuplicates()
    {
        var dictionary = BDictionary.From(("b", 1), ("a", "x"), ("c", new BList("y", 2)));
        Assert.Equal("d1:a1:x1:bi1e1:cl1:yi2eee", Encoding.ASCII.GetString(dictionary.Encode()));
        Assert.Throws<ArgumentException>(() => BDictionary.From(("a", 1), ("a", 2)));
        var changed = dictionary.With("a", 5).Without("c");
        Assert.Equal("d1:ai5e1:bi1ee", Encoding.ASCII.GetString(changed.Encode()));
    }

    [Fact]
    public void BDictionary_TryGetValueByText_MatchesUtf8ByteOrder()
    {
        string[] keys = ["", "a", "ab", "b", "Z", "é", "éa", "中", "\u007f", "a\u0080"];
        var dictionary = new BDictionary(keys.Select((k, i) => new KeyValuePair<BString, BValue>(new BString(k), new BInteger(i))));
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(dictionary.TryGetValue(keys[i], out var byText), keys[i]);
            Assert.Equal(i, ((BInteger)byText).Value);
            Assert.True(dictionary.TryGetValue(System.Text.Encoding.UTF8.GetBytes(keys[i]), out var byBytes));
            Assert.Same(byText, byBytes);
        }

        foreach (var missing in new[] { "aa", "é2", "c", "\u0080", "中文" })
        {
            Assert.False(dictionary.TryGetValue(missing, out _), missing);
        }
    }

    [Fact]
    public void BString_Utf8AndComparison_ByRawBytes()
    {
        var text = new BString("é");
        Assert.True(text.TryGetUtf8(out var decoded));
        Assert.Equal("é", decoded);
        Assert.True(text.ValueEquals("é"));
        Assert.False(new BString(new byte[] { 0xff }).TryGetUtf8(out _));
        Assert.True(new BString("Z").CompareTo(new BString("a")) < 0);
        Assert.Equal(new BString("abc"), new BString("abc"u8.ToArray()));
        Assert.Equal(new BString("abc").GetHashCode(), new BString("abc"u8.ToArray()).GetHashCode());
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var position = random.Next(bytes.Count + 1);
            switch (random.Next(6))
            {
                case 0 when position < bytes.Count:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 1 when position < bytes.Count:
                    bytes.RemoveAt(position);
                    break;
                case 2:
                    bytes.Insert(position, (byte)"ilde0123456789:-"[random.Next(16)]);
                    break;
                case 3 when position < bytes.Count:
                    bytes[position] = (byte)"ilde0123456789:-"[random.Next(16)];
                    break;
                case 4 when position < bytes.Count:
                    bytes.RemoveRange(position, Math.Min(random.Next(1, 8), bytes.Count - position));
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        var from = random.Next(bytes.Count);
                        var count = Math.Min(random.Next(1, 12), bytes.Count - from);
                        bytes.InsertRange(position, bytes.GetRange(from, count));
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
