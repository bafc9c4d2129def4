using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>Serving our info dictionary to peers that started from a magnet link (BEP 9).</content>
internal sealed partial class TorrentSession
{
    /// <summary>The id under which peers send us ut_metadata messages (our extension handshake's <c>m</c>).</summary>
    public const byte LocalUtMetadataId = 2;

    private void OnExtended(PeerSession peer, in PeerMessage message)
    {
        if (message.ExtendedId != LocalUtMetadataId)
        {
            return;
        }

        if (!UtMetadataMessage.TryParse(message.Payload, Torrent.InfoBytes.Length, out var metadata))
        {
            throw new ProtocolViolationException(WireViolation.BadExtendedMessage, "The peer sent a malformed ut_metadata message.");
        }

        if (metadata.Type == UtMetadataMessageType.Request)
        {
            peer.QueueMetadataRequest(metadata.Piece);
        }
    }

    /// <summary>Piece <paramref name="piece"/> of the info dictionary, or empty when out of range.</summary>
    public ReadOnlyMemory<byte> MetadataPiece(int piece)
    {
        var info = Torrent.InfoBytes;
        var start = (long)piece * ProtocolLimits.MetadataPieceLength;
        if (piece < 0 || start >= info.Length)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return info.Slice((int)start, (int)Math.Min(ProtocolLimits.MetadataPieceLength, info.Length - start));
    }
}
