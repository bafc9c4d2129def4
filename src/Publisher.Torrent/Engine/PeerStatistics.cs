using System.Net;

namespace Publisher.Torrent.Engine;

/// <summary>One connected peer of a torrent, as <see cref="TorrentHandle.GetPeers"/> sees it now.</summary>
/// <param name="EndPoint">The address dialled, or the remote address of an incoming connection.</param>
/// <param name="PeerId">The peer's 20-byte id from its handshake, as hex.</param>
/// <param name="Client">The client tag of an Azureus-style peer id (e.g. <c>-LT2080-</c> for libtorrent 2.0.8), or empty.</param>
/// <param name="Outgoing">We dialled it.</param>
/// <param name="Downloaded">Piece bytes received from it on this connection.</param>
/// <param name="Uploaded">Piece bytes sent to it on this connection.</param>
/// <param name="DownloadBytesPerSecond">The smoothed download rate from it.</param>
/// <param name="UploadBytesPerSecond">The smoothed upload rate to it.</param>
public sealed record PeerStatistics(
    IPEndPoint? EndPoint,
    string PeerId,
    string Client,
    bool Outgoing,
    long Downloaded,
    long Uploaded,
    double DownloadBytesPerSecond,
    double UploadBytesPerSecond);
