using System.Buffers;
using System.Text;
using Publisher.Torrent.Bencoding;
using Xunit;

namespace Publisher.Torrent.Tests.Bencoding;

public sealed class BencodeReaderTests
{
    [Fact]
    public void Read_DictionaryWithNestedValues_YieldsTokensInOrder()
    {
        var input = "d3:bar4:spam3:fooli42ei-7eee"u8;
        var reader = new BencodeReader(input);
        var tokens = new List<string>();
        while (reader.Read())
        {
            tokens.Add(reader.TokenType switch
            {
                BencodeTokenType.Key => "K:" + reader.GetString(),
                BencodeTokenType.String => "S:" + reader.GetString(),
                BencodeTokenType.Integer => "I:" + reader.GetInt64(),
                var other => other.ToString(),
            });
        }

        Assert.Equal(["StartDictionary", "K:bar", "S:spam", "K:foo", "StartList", "I:42", "I:-7", "EndList", "EndDictionary"], tokens);
        Assert.Equal(input.Length, reader.Position);
        Assert.True(reader.IsFinished);
    }

    [Theory]
    [InlineData("i0e", 0L)]
    [InlineData("i42e", 42L)]
    [InlineData("i-42e", -42L)]
    [InlineData("i9223372036854775807e", long.MaxValue)]
    [InlineData("i-9223372036854775808e", long.MinValue)]
    public void Read_ValidInteger_ReturnsValue(string text, long expected)
    {
        var reader = new BencodeReader(Encoding.ASCII.GetBytes(text));
        Assert.True(reader.Read());
        Assert.Equal(expected, reader.GetInt64());
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("i01e", BencodeError.InvalidInteger, 1)]
    [InlineData("i00e", BencodeError.InvalidInteger, 1)]
    [InlineData("i-0e", BencodeError.InvalidInteger, 2)]
    [InlineData("i-01e", BencodeError.InvalidInteger, 2)]
    [InlineData("ie", BencodeError.InvalidInteger, 1)]
    [InlineData("i-e", BencodeError.InvalidInteger, 2)]
    [InlineData("i+1e", BencodeError.InvalidInteger, 1)]
    [InlineData("i1.5e", BencodeError.InvalidInteger, 2)]
    [InlineData("i9223372036854775808e", BencodeError.InvalidInteger, 1)]
    [InlineData("i-9223372036854775809e", BencodeError.InvalidInteger, 2)]
    [InlineData("i99999999999999999999999e", BencodeError.InvalidInteger, 1)]
    [InlineData("01:a", BencodeError.InvalidStringLength, 0)]
    [InlineData("-1:a", BencodeError.UnexpectedByte, 0)]
    [InlineData("1a:a", BencodeError.InvalidStringLength, 1)]
    [InlineData("99999999999:", BencodeError.InvalidStringLength, 0)]
    [InlineData("x", BencodeError.UnexpectedByte, 0)]
    [InlineData("e", BencodeError.UnexpectedByte, 0)]
    [InlineData("lxe", BencodeError.UnexpectedByte, 1)]
    [InlineData("d1:b0:1:a0:e", BencodeError.KeysNotSorted, 6)]
    [InlineData("d1:a0:1:a0:e", BencodeError.DuplicateKey, 6)]
    [InlineData("di1e0:e", BencodeError.KeyNotString, 1)]
    [InlineData("dlee0:e", BencodeError.KeyNotString, 1)]
    [InlineData("d1:ae", BencodeError.MissingValue, 4)]
    public void Read_MalformedInput_ThrowsWithOffsetAndKind(string text, BencodeError error, int offset)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var exception = Assert.Throws<BencodeException>(() => ReadAll(bytes));
        Assert.Equal(error, exception.Error);
        Assert.Equal(offset, exception.Offset);
        Assert.False(exception.IsIncomplete);
        Assert.Contains($"byte {offset}", exception.Message, StringComparison.Ordinal);
        Assert.Equal(OperationStatus.InvalidData, BencodeReader.TryGetValueLength(bytes, out _));
    }

    [Fact]
    public void Read_UnsortedKeysInLenientMode_Accepted()
    {
        var bytes = "d1:b0:1:a0:e"u8.ToArray();
        Assert.Equal(OperationStatus.Done, BencodeReader.TryGetValueLength(bytes, out var length, BencodeReaderOptions.Lenient));
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void Read_AdjacentDuplicateKeysInLenientMode_Rejected()
    {
        var exception = Assert.Throws<BencodeException>(() => ReadAll("d1:a0:1:a0:e"u8.ToArray(), BencodeReaderOptions.Lenient));
        Assert.Equal(BencodeError.DuplicateKey, exception.Error);
    }

    [Fact]
    public void Read_EveryPrefixOfValidDocument_ReportsIncomplete()
    {
        var document = "d8:announce12:http://x/ann4:infod6:lengthi-12e4:name3:a.b5:piecel0:i0eee3:zzzd1:!le1:0i9eee"u8.ToArray();
        Assert.Equal(OperationStatus.Done, BencodeReader.TryGetValueLength(document, out var full));
        Assert.Equal(document.Length, full);
        for (var length = 0; length < document.Length; length++)
        {
            var prefix = document.AsSpan(0, length).ToArray();
            var exception = Assert.Throws<BencodeException>(() => ReadAll(prefix));
            Assert.True(exception.IsIncomplete, $"prefix of {length} bytes: {exception.Message}");
            Assert.Equal(length, exception.Offset);
            Assert.Equal(OperationStatus.NeedMoreData, BencodeReader.TryGetValueLength(prefix, out _));
        }
    }

    [Fact]
    public void TryGetValueLength_ValueFollowedByOtherBytes_ReportsValueLength()
    {
        Assert.Equal(OperationStatus.Done, BencodeReader.TryGetValueLength("d1:ai1ee\x01\x02"u8, out var length));
        Assert.Equal(8, length);
    }

    [Fact]
    public void Read_NestingAtLimit_AcceptedAndOneDeeperRejected()
    {
        var limit = ProtocolLimits.MaxBencodeDepth;
        var ok = Encoding.ASCII.GetBytes(new string('l', limit) + new string('e', limit));
        ReadAll(ok);
        var tooDeep = Encoding.ASCII.GetBytes(new string('l', limit + 1) + new string('e', limit + 1));
        var exception = Assert.Throws<BencodeException>(() => ReadAll(tooDeep));
        Assert.Equal(BencodeError.NestingTooDeep, exception.Error);
        Assert.Equal(limit, exception.Offset);
    }

    [Fact]
    public void Read_NestingBomb_RejectedQuickly()
    {
        var bomb = Encoding.ASCII.GetBytes(new string('l', 1_000_000));
        var exception = Assert.Throws<BencodeException>(() => ReadAll(bomb));
        Assert.Equal(BencodeError.NestingTooDeep, exception.Error);
        var custom = new BencodeReaderOptions { MaxDepth = 3 };
        Assert.Equal(OperationStatus.InvalidData, BencodeReader.TryGetValueLength("lllleeee"u8, out _, custom));
        Assert.Equal(OperationStatus.Done, BencodeReader.TryGetValueLength("llleee"u8, out _, custom));
    }

    [Fact]
    public void Skip_Container_ReturnsExactRange()
    {
        var input = "d4:infod1:ai1e1:bl0:ee5:otheri3ee"u8;
        var reader = new BencodeReader(input);
        reader.Read();
        reader.Read();
        Assert.True(reader.ValueEquals("info"u8));
        reader.Read();
        var range = reader.Skip();
        Assert.Equal("d1:ai1e1:bl0:ee", Encoding.ASCII.GetString(input[range]));
        reader.Read();
        Assert.Equal(BencodeTokenType.Key, reader.TokenType);
        var keyRange = reader.Skip();
        Assert.Equal("5:otheri3e", Encoding.ASCII.GetString(input[keyRange]));
        Assert.True(reader.Read());
        Assert.Equal(BencodeTokenType.EndDictionary, reader.TokenType);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Read_HugeLengthField_DoesNotAllocateProportionally()
    {
        var huge = "999999999999:"u8.ToArray();
        var nearMax = "2147483647:abc"u8.ToArray();
        ReadAllSafely(huge);
        ReadAllSafely(nearMax);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var status1 = BencodeReader.TryGetValueLength(huge, out _);
        var status2 = BencodeReader.TryGetValueLength(nearMax, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(OperationStatus.InvalidData, status1);
        Assert.Equal(OperationStatus.NeedMoreData, status2);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes");

        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<BencodeException>(() => BencodeDecoder.Decode(nearMax));
        Assert.Throws<BencodeException>(() => BencodeDecoder.Decode((ReadOnlySpan<byte>)"l2147483647:abc"u8));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Options_MaxDepthOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BencodeReaderOptions { MaxDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BencodeReaderOptions { MaxDepth = ProtocolLimits.MaxBencodeDepth + 1 });
        Assert.True(BencodeReaderOptions.Lenient.AllowUnsortedKeys);
        Assert.False(BencodeReaderOptions.Strict.AllowUnsortedKeys);
    }

    private static void ReadAllSafely(byte[] input)
    {
        try
        {
            ReadAll(input);
        }
        catch (BencodeException)
        {
            // Warm-up only: the measured calls come after.
        }
    }

    private static void ReadAll(byte[] input, BencodeReaderOptions? options = null)
    {
        var reader = new BencodeReader(input, options);
        while (reader.Read())
        {
        }
    }
}
