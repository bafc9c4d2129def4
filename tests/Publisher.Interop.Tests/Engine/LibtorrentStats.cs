using System.Text;
using System.Text.Json;

namespace Publisher.Interop.Tests.Engine;

/// <summary>What a <see cref="LibtorrentPeer"/> reported: payload bytes up and down, and bytes per connected peer.</summary>
internal sealed record LibtorrentStats(long Uploaded, long Downloaded, IReadOnlyList<LibtorrentStats.Peer> Peers)
{
    public static LibtorrentStats Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var peers = new List<Peer>();
        foreach (var peer in root.GetProperty("peers").EnumerateArray())
        {
            peers.Add(new Peer(Convert.FromHexString(peer.GetProperty("pid").GetString()!), peer.GetProperty("up").GetInt64(), peer.GetProperty("down").GetInt64()));
        }

        return new LibtorrentStats(root.GetProperty("up").GetInt64(), root.GetProperty("down").GetInt64(), peers);
    }

    /// <summary>The connected peer whose id starts with <paramref name="prefix"/> (ours: the engine's peer id prefix).</summary>
    public Peer? PeerWithIdPrefix(string prefix)
    {
        var bytes = Encoding.ASCII.GetBytes(prefix);
        foreach (var peer in Peers)
        {
            if (peer.Id.AsSpan().StartsWith(bytes))
            {
                return peer;
            }
        }

        return null;
    }

    /// <summary>One connection: libtorrent's bytes sent to and received from that peer (protocol overhead included).</summary>
    internal sealed record Peer(byte[] Id, long Uploaded, long Downloaded);
}
