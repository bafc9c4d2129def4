using System.Buffers;
using System.Text;
using Publisher.Torrent.Bencoding;
using Xunit;

namespace Publisher.Torrent.Tests.Bencoding;

public sealed class BencodeWriterTests
{
    [Fact]
    public void Write_NestedStructure_ProducesCanonicalBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new BencodeWriter(buffer);
        writer.WriteStartDictionary();
        writer.WriteKey("a");
        writer.WriteInteger(-12);
        writer.WriteKey("b");
        writer.WriteStartList();
        writer.WriteString("spam");
        writer.WriteString(new byte[] { 0, 255 });
        writer.WriteStartDictionary();
        writer.WriteKey("x");
        writer.WriteInteger(long.MinValue);
        writer.WriteEnd();
        writer.WriteEnd();
        writer.WriteKey("c");
        writer.WriteRaw("d1:zi1ee"u8);
        writer.WriteEnd();
        Assert.Equal(0, writer.Depth);
        var expected = "d1:ai-12e1:bl4:spam2:\0\u00ffd1:xi-9223372036854775808eee1:cd1:zi1eee";
        Assert.Equal(Encoding.Latin1.GetBytes(expected), buffer.WrittenSpan.ToArray());
        Assert.IsType<BDictionary>(BencodeDecoder.Decode(buffer.WrittenMemory));
    }

    [Fact]
    public void WriteKey_OutOfOrderOrDuplicate_Throws()
    {
        var writer = new BencodeWriter(new ArrayBufferWriter<byte>());
        writer.WriteStartDictionary();
        writer.WriteKey("b");
        writer.WriteInteger(1);
        Assert.Throws<InvalidOperationException>(() => writer.WriteKey("a"));
        Assert.Throws<InvalidOperationException>(() => writer.WriteKey("b"));
        writer.WriteKey("c");
        writer.WriteStartDictionary();
        writer.WriteKey("a");
        writer.WriteInteger(1);
        writer.WriteEnd();
        writer.WriteKey("d");
        Assert.Throws<InvalidOperationException>(() => writer.WriteEnd());
    }

    [Fact]
    public void Write_ValueWithoutKeyInDictionary_Throws()
    {
        var writer = new BencodeWriter(new ArrayBufferWriter<byte>());
        writer.WriteStartDictionary();
        Assert.Throws<InvalidOperationException>(() => writer.WriteInteger(1));
        Assert.Throws<ArgumentException>(() => writer.WriteRaw("i1"u8));
        writer.WriteEnd();
        Assert.Throws<InvalidOperationException>(() => writer.WriteEnd());
    }
}
