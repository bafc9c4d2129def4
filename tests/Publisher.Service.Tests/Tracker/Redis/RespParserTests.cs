using System.Text;
using Publisher.Service.Tracker.Redis;

namespace Publisher.Service.Tests.Tracker.Redis;

public sealed class RespParserTests
{
    private static readonly byte[] Sample = Encoding.ASCII.GetBytes(
        "*6\r\n+OK\r\n-ERR boom\r\n:-42\r\n$5\r\nhe\r\no\r\n$-1\r\n*2\r\n:1\r\n*1\r\n$0\r\n\r\n");

    [Fact]
    public void TryParse_WholeReply_ReadsEveryType()
    {
        Assert.True(RespParser.TryParse(Sample, out var value, out var consumed));
        Assert.Equal(Sample.Length, consumed);
        var items = value!.Items!;
        Assert.Equal(RespKind.SimpleString, items[0].Kind);
        Assert.Equal("OK", items[0].Text);
        Assert.Equal(RespKind.Error, items[1].Kind);
        Assert.Equal(-42, items[2].Integer);
        Assert.Equal("he\r\no", items[3].Text);
        Assert.Equal(RespKind.Null, items[4].Kind);
        Assert.Equal(string.Empty, items[5].Items![1].Items![0].Text);
    }

    [Fact]
    public void TryParse_EveryPrefix_NeedsMore()
    {
        for (var length = 0; length < Sample.Length; length++)
        {
            Assert.False(RespParser.TryParse(Sample.AsSpan(0, length), out _, out _), $"prefix of {length} bytes");
        }
    }

    [Fact]
    public void TryParse_TwoReplies_ConsumesOnlyTheFirst()
    {
        var data = Encoding.ASCII.GetBytes(":1\r\n:2\r\n");
        Assert.True(RespParser.TryParse(data, out var value, out var consumed));
        Assert.Equal(1, value!.Integer);
        Assert.Equal(4, consumed);
    }

    [Fact]
    public void TryParse_RandomMutations_GiveResultOrProtocolException()
    {
        var random = new Random(4242);
        var outcomes = new int[3];
        for (var round = 0; round < 20_000; round++)
        {
            var data = (byte[])Sample.Clone();
            var changes = 1 + random.Next(4);
            for (var c = 0; c < changes; c++)
            {
                data[random.Next(data.Length)] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)"*$:+-\r\n0123456789"[random.Next(17)];
            }

            var length = random.Next(data.Length + 1);
            try
            {
                outcomes[RespParser.TryParse(data.AsSpan(0, length), out _, out var consumed) ? 0 : 1]++;
                Assert.InRange(consumed, 0, length);
            }
            catch (RedisProtocolException)
            {
                outcomes[2]++;
            }
        }

        Assert.All(outcomes, count => Assert.True(count > 0));
    }

    [Theory]
    [InlineData("$2000000000\r\n")]
    [InlineData("$1048577\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*9000000000\r\n")]
    [InlineData("*65537\r\n")]
    [InlineData(":99999999999999999999\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData("?\r\n")]
    [InlineData("+OK\rX")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n")]
    public void TryParse_Hostile_ThrowsProtocolExceptionBeforeReadingPayload(string input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(Encoding.ASCII.GetBytes(input), out _, out _));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    [Fact]
    public void TryParse_LargeArrayCountWithoutData_NeedsMoreWithoutAllocatingIt()
    {
        var data = Encoding.ASCII.GetBytes("*60000\r\n:1\r\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(RespParser.TryParse(data, out _, out _));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4096);
    }

    [Fact]
    public void TryParse_OverlongLineWithoutEnd_Throws()
    {
        var data = new byte[RedisLimits.MaxLineBytes + 10];
        data.AsSpan().Fill((byte)'a');
        data[0] = (byte)'+';
        Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(data, out _, out _));
    }

    [Theory]
    [InlineData("127.0.0.1:6380", "127.0.0.1", 6380, null, 0)]
    [InlineData("localhost", "localhost", 6379, null, 0)]
    [InlineData("127.0.0.1:7000, password=s3cret ,defaultDatabase=3", "127.0.0.1", 7000, "s3cret", 3)]
    public void RedisEndpointTryParse_Valid_ReadsParts(string text, string host, int port, string? password, int database)
    {
        Assert.True(RedisEndpoint.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(new RedisEndpoint(host, port, null, password, database), endpoint);
        Assert.DoesNotContain("s3cret", endpoint!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:abc")]
    [InlineData("127.0.0.1:6379,defaultDatabase=-1")]
    [InlineData("127.0.0.1:6379,bogus=1")]
    public void RedisEndpointTryParse_Invalid_ReturnsReason(string text)
    {
        Assert.False(RedisEndpoint.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
