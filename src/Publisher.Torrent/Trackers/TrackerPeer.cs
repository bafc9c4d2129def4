using System.Net;

namespace Publisher.Torrent.Trackers;

/// <summary>A peer address a tracker returned.</summary>
/// <param name="EndPoint">The peer's address and port (IPv4 or IPv6).</param>
/// <param name="PeerId">The peer id, when the tracker sent a dictionary peer list with ids; otherwise empty.</param>
public readonly record struct TrackerPeer(IPEndPoint EndPoint, ReadOnlyMemory<byte> PeerId = default);
