using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Tests.Wire;

/// <summary>One encoded sample of every message kind, for round-trip, prefix and mutation tests.</summary>
internal static class WireSamples
{
    public const int PieceCount = 21;

    public static MessageParser NewParser() => new() { PieceCount = PieceCount, FastExtension = true, ExtensionProtocol = true };

    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        yield return ("keep-alive", Encode(s => MessageWriter.WriteKeepAlive(s)));
        foreach (var id in new[] { PeerMessageId.Choke, PeerMessageId.Unchoke, PeerMessageId.Interested, PeerMessageId.NotInterested, PeerMessageId.HaveAll, PeerMessageId.HaveNone })
        {
            yield return (id.ToString(), Encode(s => MessageWriter.WriteSimple(s, id)));
        }

        foreach (var id in new[] { PeerMessageId.Have, PeerMessageId.Suggest, PeerMessageId.AllowedFast })
        {
            yield return (id.ToString(), Encode(s => MessageWriter.WriteIndex(s, id, 20)));
        }

        var bits = new Bitfield(PieceCount);
        bits.Set(0);
        bits.Set(9);
        bits.Set(20);
        yield return ("bitfield", Encode(s => MessageWriter.WriteBitfield(s, bits)));
        foreach (var id in new[] { PeerMessageId.Request, PeerMessageId.Cancel, PeerMessageId.RejectRequest })
        {
            yield return (id.ToString(), Encode(s => MessageWriter.WriteBlock(s, id, 3, 16384, 16384)));
        }

        var block = new byte[1000];
        new Random(7).NextBytes(block);
        yield return ("piece", Encode(s => MessageWriter.WritePiece(s, 4, 32768, block)));
        yield return ("port", Encode(s => MessageWriter.WritePort(s, 6881)));
        yield return ("extended", Encode(s => MessageWriter.WriteExtended(s, 3, "d8:msg_typei0e5:piecei0ee"u8)));
        var root = new byte[32];
        root.AsSpan().Fill(0x5A);
        var request = new HashRequest(root, 0, 8, 8, 3);
        yield return ("hash request", Encode(s => MessageWriter.WriteHashRequest(s, PeerMessageId.HashRequest, request)));
        yield return ("hash reject", Encode(s => MessageWriter.WriteHashRequest(s, PeerMessageId.HashReject, request)));
        var hashes = new byte[32 * 10];
        new Random(8).NextBytes(hashes);
        yield return ("hashes", Encode(s => MessageWriter.WriteHashes(s, request, hashes)));
        yield return ("unknown id 99", [0, 0, 0, 3, 99, 1, 2]);
    }

    public static byte[] Encode(SpanWriter write)
    {
        var buffer = new byte[64 * 1024];
        var written = write(buffer);
        return buffer[..written];
    }

    public delegate int SpanWriter(Span<byte> destination);
}
