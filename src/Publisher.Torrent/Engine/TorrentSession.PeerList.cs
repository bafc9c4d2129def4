using System.Text;

namespace Publisher.Torrent.Engine;

/// <content>Snapshots of the connected peers for the embedding application.</content>
internal sealed partial class TorrentSession
{
    public PeerStatistics[] GetPeers()
    {
        lock (_gate)
        {
            var result = new PeerStatistics[_peers.Count];
            for (var i = 0; i < result.Length; i++)
            {
                var peer = _peers[i];
                var connection = peer.Connection;
                var id = connection.RemoteHandshake is { } handshake ? handshake.PeerId.Span : default;
                result[i] = new PeerStatistics(
                    peer.EndPoint,
                    Convert.ToHexString(id),
                    ClientOf(id),
                    peer.Outgoing,
                    connection.DownloadRate.Total,
                    connection.UploadRate.Total,
                    connection.DownloadRate.BytesPerSecond,
                    connection.UploadRate.BytesPerSecond);
            }

            return result;
        }
    }

    /// <summary>The <c>-XXnnnn-</c> tag of an Azureus-style peer id, or empty.</summary>
    private static string ClientOf(ReadOnlySpan<byte> peerId)
    {
        if (peerId.Length < 8 || peerId[0] != (byte)'-' || peerId[7] != (byte)'-' || !Ascii.IsValid(peerId[..8]))
        {
            return string.Empty;
        }

        foreach (var b in peerId[1..7])
        {
            if (b < 0x20 || b > 0x7E)
            {
                return string.Empty;
            }
        }

        return Encoding.ASCII.GetString(peerId[..8]);
    }
}
