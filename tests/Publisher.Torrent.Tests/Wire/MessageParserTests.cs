using System.Buffers;
using System.Buffers.Binary;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class MessageParserTests
{
    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in WireSamples.All())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void TryRead_EncodedMessage_RoundTrips(string name)
    {
        var bytes = Sample(name);
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(bytes);

        var status = parser.TryRead(ref buffer, out var message, out var violation);

        Assert.Equal(WireReadStatus.Message, status);
        Assert.Equal(WireViolation.None, violation);
        Assert.True(buffer.IsEmpty);
        var reencoded = Reencode(message);
        Assert.Equal(bytes, reencoded);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void TryRead_EveryPrefix_NeedsMoreWithoutConsuming(string name)
    {
        var bytes = Sample(name);
        var parser = WireSamples.NewParser();
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            var status = parser.TryRead(ref buffer, out _, out _);
            Assert.Equal(WireReadStatus.NeedMore, status);
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void TryRead_SplitAtEveryPosition_ParsesTheSame(string name)
    {
        var bytes = Sample(name);
        var parser = WireSamples.NewParser();
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = SequenceBuilder.Split(bytes, cut);
            Assert.Equal(WireReadStatus.Message, parser.TryRead(ref buffer, out var message, out _));
            Assert.Equal(bytes, Reencode(message));
        }
    }

    [Fact]
    public void TryRead_ManyMessagesInOneBuffer_ParsesAllInOrder()
    {
        var samples = WireSamples.All().ToList();
        var all = samples.SelectMany(s => s.Bytes).ToArray();
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(all);
        foreach (var (_, bytes) in samples)
        {
            Assert.Equal(WireReadStatus.Message, parser.TryRead(ref buffer, out var message, out _));
            Assert.Equal(bytes, Reencode(message));
        }

        Assert.Equal(WireReadStatus.NeedMore, parser.TryRead(ref buffer, out _, out _));
    }

    [Theory]
    [InlineData((byte)PeerMessageId.Piece, 9 + ProtocolLimits.BlockLength + 1, WireViolation.MessageTooLong)]
    [InlineData((byte)PeerMessageId.Piece, 8, WireViolation.BadMessageLength)]
    [InlineData((byte)PeerMessageId.Bitfield, 1 + 4, WireViolation.BadBitfield)]
    [InlineData((byte)PeerMessageId.Extended, ProtocolLimits.MaxExtendedMessageLength + 1, WireViolation.MessageTooLong)]
    [InlineData((byte)PeerMessageId.Request, 14, WireViolation.BadMessageLength)]
    [InlineData((byte)PeerMessageId.Have, 6, WireViolation.BadMessageLength)]
    [InlineData((byte)PeerMessageId.Choke, 2, WireViolation.BadMessageLength)]
    [InlineData((byte)PeerMessageId.Port, 5, WireViolation.BadMessageLength)]
    [InlineData((byte)PeerMessageId.HashRequest, 50, WireViolation.BadHashMessage)]
    [InlineData((byte)PeerMessageId.Hashes, 1 + 48 + (32 * 600), WireViolation.BadHashMessage)]
    [InlineData((byte)99, ProtocolLimits.MaxUnknownMessageLength + 1, WireViolation.MessageTooLong)]
    [InlineData((byte)99, int.MaxValue, WireViolation.MessageTooLong)]
    public void TryRead_LengthPrefixOverLimit_ViolationFromHeaderAlone(byte id, int length, WireViolation expected)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        header[4] = id;
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(header);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var status = parser.TryRead(ref buffer, out _, out var violation);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(WireReadStatus.Violation, status);
        Assert.Equal(expected, violation);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryRead_LengthAboveEveryLimit_ViolationBeforeTheIdByte()
    {
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.MessageTooLong, violation);
    }

    [Fact]
    public void TryRead_BitfieldWithSpareBitSet_Violation()
    {
        // 21 pieces: 3 bytes, the low 3 bits of the last byte are spare.
        var bytes = new byte[] { 0, 0, 0, 4, 5, 0xFF, 0xFF, 0xF9 };
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.BadBitfield, violation);

        bytes[^1] = 0xF8;
        buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(WireReadStatus.Message, parser.TryRead(ref buffer, out var message, out _));
        var bits = new Bitfield(WireSamples.PieceCount);
        Assert.True(bits.TryReadFrom(message.Payload));
        Assert.Equal(WireSamples.PieceCount, bits.Count);
    }

    [Fact]
    public void TryRead_BitfieldBeforePieceCountKnown_BoundedByLimit()
    {
        var parser = new MessageParser();
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header, 1 + ProtocolLimits.MaxBitfieldLength + 1);
        header[4] = (byte)PeerMessageId.Bitfield;
        var buffer = new ReadOnlySequence<byte>(header);
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.MessageTooLong, violation);

        var small = new byte[] { 0, 0, 0, 3, 5, 0xFF, 0x01 };
        buffer = new ReadOnlySequence<byte>(small);
        Assert.Equal(WireReadStatus.Message, parser.TryRead(ref buffer, out var message, out _));
        Assert.Equal(2, message.Payload.Length);
    }

    [Theory]
    [InlineData((byte)PeerMessageId.HaveAll)]
    [InlineData((byte)PeerMessageId.HaveNone)]
    [InlineData((byte)PeerMessageId.Suggest)]
    [InlineData((byte)PeerMessageId.AllowedFast)]
    [InlineData((byte)PeerMessageId.RejectRequest)]
    public void TryRead_FastMessageWithoutFastExtension_Violation(byte id)
    {
        var bytes = WireSamples.All().First(s => s.Name == ((PeerMessageId)id).ToString()).Bytes;
        var parser = new MessageParser { PieceCount = WireSamples.PieceCount };
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.FastExtensionNotNegotiated, violation);
    }

    [Fact]
    public void TryRead_ExtendedWithoutExtensionProtocol_Violation()
    {
        var bytes = Sample("extended");
        var parser = new MessageParser { PieceCount = WireSamples.PieceCount };
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.BadExtendedMessage, violation);
    }

    [Theory]
    [InlineData((byte)PeerMessageId.Have, 21)]
    [InlineData((byte)PeerMessageId.Have, -1)]
    [InlineData((byte)PeerMessageId.AllowedFast, 1000)]
    public void TryRead_IndexNotBelowPieceCount_Violation(byte id, int index)
    {
        var bytes = new byte[9];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 5);
        bytes[4] = id;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(5), index);
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.PieceIndexOutOfRange, violation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProtocolLimits.BlockLength + 1)]
    [InlineData(-1)]
    public void TryRead_RequestForBadBlockLength_Violation(int length)
    {
        var bytes = new byte[17];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 13);
        bytes[4] = (byte)PeerMessageId.Request;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(9), 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(13), length);
        var parser = WireSamples.NewParser();
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(WireReadStatus.Violation, parser.TryRead(ref buffer, out _, out var violation));
        Assert.Equal(WireViolation.BadBlockLength, violation);
    }

    [Fact]
    public void TryRead_RandomMutations_GiveMessageNeedMoreOrViolationOnly()
    {
        var samples = WireSamples.All().Select(s => s.Bytes).ToList();
        var stream = samples.SelectMany(b => b).ToArray();
        var random = new Random(12345);
        for (var round = 0; round < 3000; round++)
        {
            var mutated = (byte[])stream.Clone();
            var flips = 1 + random.Next(8);
            for (var i = 0; i < flips; i++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var parser = new MessageParser { PieceCount = random.Next(2) == 0 ? WireSamples.PieceCount : -1, FastExtension = random.Next(2) == 0, ExtensionProtocol = random.Next(2) == 0 };
            var cut = random.Next(1, mutated.Length);
            var buffer = SequenceBuilder.Split(mutated, cut);
            var guard = 0;
            while (guard++ < 1000)
            {
                var before = buffer.Length;
                var status = parser.TryRead(ref buffer, out _, out var violation);
                if (status != WireReadStatus.Message)
                {
                    Assert.Equal(status == WireReadStatus.Violation, violation != WireViolation.None);
                    break;
                }

                Assert.True(buffer.Length < before);
            }
        }
    }

    [Fact]
    public void TryRead_SteadyStream_AllocatesNothing()
    {
        var piece = Sample("piece");
        var have = Sample("Have");
        var request = Sample("Request");
        var stream = Enumerable.Range(0, 100).SelectMany(_ => piece.Concat(have).Concat(request)).ToArray();
        var parser = WireSamples.NewParser();

        var first = new ReadOnlySequence<byte>(stream);
        while (parser.TryRead(ref first, out _, out _) == WireReadStatus.Message)
        {
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = 0;
        var buffer = new ReadOnlySequence<byte>(stream);
        while (parser.TryRead(ref buffer, out _, out _) == WireReadStatus.Message)
        {
            count++;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300, count);
    }

    private static byte[] Sample(string name) => WireSamples.All().First(s => s.Name == name).Bytes;

    private static byte[] Reencode(in PeerMessage message)
    {
        var buffer = new byte[64 * 1024];
        var span = buffer.AsSpan();
        var payload = message.Payload.ToArray();
        int written;
        switch (message.Kind)
        {
            case PeerMessageKind.KeepAlive:
                written = MessageWriter.WriteKeepAlive(span);
                break;
            case PeerMessageKind.Choke or PeerMessageKind.Unchoke or PeerMessageKind.Interested or PeerMessageKind.NotInterested or PeerMessageKind.HaveAll or PeerMessageKind.HaveNone:
                written = MessageWriter.WriteSimple(span, (PeerMessageId)message.Kind);
                break;
            case PeerMessageKind.Have or PeerMessageKind.Suggest or PeerMessageKind.AllowedFast:
                written = MessageWriter.WriteIndex(span, (PeerMessageId)message.Kind, message.Index);
                break;
            case PeerMessageKind.Bitfield:
                written = MessageWriter.WriteBitfield(span, payload);
                break;
            case PeerMessageKind.Request or PeerMessageKind.Cancel or PeerMessageKind.RejectRequest:
                written = MessageWriter.WriteBlock(span, (PeerMessageId)message.Kind, message.Index, message.Begin, message.Length);
                break;
            case PeerMessageKind.Piece:
                Assert.Equal(message.Length, payload.Length);
                written = MessageWriter.WritePiece(span, message.Index, message.Begin, payload);
                break;
            case PeerMessageKind.Port:
                written = MessageWriter.WritePort(span, message.Port);
                break;
            case PeerMessageKind.Extended:
                written = MessageWriter.WriteExtended(span, message.ExtendedId, payload);
                break;
            case PeerMessageKind.HashRequest or PeerMessageKind.HashReject or PeerMessageKind.Hashes:
            {
                Assert.True(HashRequest.TryRead(message.Payload, out var request));
                Assert.Equal(message.Index, request.Index);
                Assert.Equal(message.Length, request.Length);
                var root = new byte[32];
                HashRequest.CopyRoot(message.Payload, root);
                request = request with { PiecesRoot = root };
                written = message.Kind == PeerMessageKind.Hashes
                    ? MessageWriter.WriteHashes(span, request, payload.AsSpan(48))
                    : MessageWriter.WriteHashRequest(span, (PeerMessageId)message.Kind, request);
                break;
            }

            case PeerMessageKind.Unknown:
                span[4] = (byte)message.Length;
                BinaryPrimitives.WriteInt32BigEndian(span, 1 + payload.Length);
                payload.CopyTo(span[5..]);
                written = 5 + payload.Length;
                break;
            default:
                throw new InvalidOperationException(message.Kind.ToString());
        }

        return buffer[..written];
    }
}
