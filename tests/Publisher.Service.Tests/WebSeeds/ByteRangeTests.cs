using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-0", 100, (int)ByteRangeKind.Partial, 0, 1)]
    [InlineData("bytes=0-", 100, (int)ByteRangeKind.Partial, 0, 100)]
    [InlineData("bytes=99-", 100, (int)ByteRangeKind.Partial, 99, 1)]
    [InlineData("bytes=100-", 100, (int)ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-1", 100, (int)ByteRangeKind.Partial, 99, 1)]
    [InlineData("bytes=-0", 100, (int)ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=0-", 0, (int)ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-5", 0, (int)ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes= 5-9 ,", 100, (int)ByteRangeKind.Partial, 5, 5)]
    [InlineData("bytes=,,5-9", 100, (int)ByteRangeKind.Partial, 5, 5)]
    [InlineData("bytes=200-300,5-9", 100, (int)ByteRangeKind.Whole, 0, 100)]
    [InlineData("bytes=200-300,400-", 100, (int)ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=,", 100, (int)ByteRangeKind.Whole, 0, 100)]
    [InlineData("bytes=9-5", 100, (int)ByteRangeKind.Whole, 0, 100)]
    [InlineData("bytes=+5-9", 100, (int)ByteRangeKind.Whole, 0, 100)]
    [InlineData("bytes=5 - 9", 100, (int)ByteRangeKind.Whole, 0, 100)]
    [InlineData("bytes=99999999999999999999999-", 100, (int)ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-99999999999999999999999", 100, (int)ByteRangeKind.Partial, 0, 100)]
    [InlineData("", 100, (int)ByteRangeKind.Whole, 0, 100)]
    [InlineData("none", 100, (int)ByteRangeKind.Whole, 0, 100)]
    public void Resolve_Header_GivesTheRfc9110Answer(string header, long length, int kind, long offset, long count)
    {
        Assert.Equal(new ByteRange((ByteRangeKind)kind, offset, count), ByteRange.Resolve(header, length));
    }

    [Fact]
    public void Resolve_OverlongHeader_IsIgnored()
    {
        var header = "bytes=" + string.Join(',', Enumerable.Repeat("1-2", 400));

        Assert.Equal(ByteRangeKind.Whole, ByteRange.Resolve(header, 100).Kind);
    }

    [Fact]
    public void Resolve_RandomMutations_AlwaysGiveARangeInsideTheLength()
    {
        var random = new Random(42);
        const string Alphabet = "bytes=0123456789-, \t;Bx";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }

            var length = random.Next(0, 1000);
            var range = ByteRange.Resolve(new string(chars), length);
            Assert.InRange(range.Offset, 0, length);
            Assert.InRange(range.Count, 0, length - range.Offset);
            if (range.Kind == ByteRangeKind.Partial)
            {
                Assert.True(range.Count > 0);
            }
        }
    }
}
