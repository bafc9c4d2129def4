using System.Buffers;
using Publisher.Torrent.Pieces;
using Xunit;

namespace Publisher.Torrent.Tests.Pieces;

public sealed class BitfieldTests
{
    [Fact]
    public void SetClear_Bits_CountTracked()
    {
        var bits = new Bitfield(130);
        Assert.True(bits.Set(0));
        Assert.False(bits.Set(0));
        Assert.True(bits.Set(64));
        Assert.True(bits.Set(129));
        Assert.Equal(3, bits.Count);
        Assert.True(bits.Clear(64));
        Assert.False(bits.Clear(64));
        Assert.Equal(2, bits.Count);
        Assert.True(bits[129]);
        Assert.False(bits[128]);
        Assert.Throws<ArgumentOutOfRangeException>(() => bits.Set(130));
    }

    [Fact]
    public void FirstSetAndFirstClear_AcrossWords_FindTheNextBit()
    {
        var bits = new Bitfield(200);
        Assert.Equal(-1, bits.FirstSet());
        Assert.Equal(0, bits.FirstClear());
        bits.Set(70);
        bits.Set(199);
        Assert.Equal(70, bits.FirstSet());
        Assert.Equal(70, bits.FirstSet(70));
        Assert.Equal(199, bits.FirstSet(71));
        bits.SetAll();
        Assert.Equal(200, bits.Count);
        Assert.True(bits.IsFull);
        Assert.Equal(-1, bits.FirstClear());
        bits.Clear(150);
        Assert.Equal(150, bits.FirstClear(3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void WriteToAndTryReadFrom_RandomBits_RoundTrip(int length)
    {
        var random = new Random(length);
        var bits = new Bitfield(length);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(2) == 0)
            {
                bits.Set(i);
            }
        }

        var wire = new byte[bits.WireLength];
        bits.WriteTo(wire);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(bits[i], (wire[i / 8] & (0x80 >> (i % 8))) != 0);
        }

        var copy = new Bitfield(length);
        Assert.True(copy.TryReadFrom(wire));
        Assert.Equal(bits.Count, copy.Count);
        var split = new Bitfield(length);
        Assert.True(split.TryReadFrom(Wire.SequenceBuilder.Split(wire, wire.Length / 2)));
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(bits[i], copy[i]);
            Assert.Equal(bits[i], split[i]);
        }
    }

    [Fact]
    public void TryReadFrom_SpareBitSetOrWrongLength_Refused()
    {
        var bits = new Bitfield(10);
        Assert.False(bits.TryReadFrom(new byte[] { 0xFF, 0xC1 }));
        Assert.False(bits.TryReadFrom(new byte[] { 0xFF }));
        Assert.False(bits.TryReadFrom(new byte[] { 0xFF, 0xC0, 0 }));
        Assert.Equal(0, bits.Count);
        Assert.True(bits.TryReadFrom(new ReadOnlySequence<byte>(new byte[] { 0xFF, 0xC0 })));
        Assert.True(bits.IsFull);
    }

    [Fact]
    public void SetOperations_AndOrAndNot_MatchPerBitLogic()
    {
        var random = new Random(3);
        var a = new Bitfield(300);
        var b = new Bitfield(300);
        for (var i = 0; i < 300; i++)
        {
            if (random.Next(2) == 0)
            {
                a.Set(i);
            }

            if (random.Next(3) == 0)
            {
                b.Set(i);
            }
        }

        var and = new Bitfield(300);
        and.CopyFrom(a);
        and.And(b);
        var or = new Bitfield(300);
        or.CopyFrom(a);
        or.Or(b);
        var andNot = new Bitfield(300);
        andNot.CopyFrom(a);
        andNot.AndNot(b);
        var expectedAndNot = 0;
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(a[i] && b[i], and[i]);
            Assert.Equal(a[i] || b[i], or[i]);
            Assert.Equal(a[i] && !b[i], andNot[i]);
            expectedAndNot += a[i] && !b[i] ? 1 : 0;
        }

        Assert.Equal(expectedAndNot, andNot.Count);
        Assert.Equal(and.Count, a.CountAnd(b));
        Assert.Equal(expectedAndNot > 0, a.HasAnyNotIn(b));
    }

    [Fact]
    public void SetRange_SpanningWords_SetsExactlyThoseBits()
    {
        var bits = new Bitfield(300);
        bits.Set(5);
        bits.SetRange(3, 200);
        Assert.Equal(200, bits.Count);
        Assert.False(bits[2]);
        Assert.True(bits[3]);
        Assert.True(bits[202]);
        Assert.False(bits[203]);
    }
}
