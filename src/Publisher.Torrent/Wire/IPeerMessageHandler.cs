using System.Buffers;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <summary>
/// What a <see cref="PeerConnection"/> tells the engine. Calls come from the connection's read loop (one at a time
/// per connection) except <see cref="OnRequestsAbandoned"/>, which the timeout check may also call. Handlers must not
/// block; data spans are valid only during the call. A handler throws <see cref="ProtocolViolationException"/> to
/// close the peer for a violation only it can see (a request past the end of a piece, a bitfield for the wrong torrent).
/// </summary>
internal interface IPeerMessageHandler
{
    /// <summary>
    /// Every message except keep-alives and piece messages answering our requests. The connection has already
    /// updated its choke/interest state and allowed-fast set, and matched reject messages to its requests.
    /// </summary>
    void OnMessage(PeerConnection connection, in PeerMessage message);

    /// <summary>A block we requested arrived; copy <paramref name="data"/> before returning.</summary>
    void OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data);

    /// <summary>
    /// Requests that will not be answered: the peer choked us (without the fast extension), rejected them, stalled
    /// (stale timeout), or the connection closed. Give them back to the picker.
    /// </summary>
    void OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests);

    /// <summary>The peer rejected one of our requests (BEP 6); by default the same as abandoning it.</summary>
    void OnRequestRejected(PeerConnection connection, BlockRequest request)
    {
        ReadOnlySpan<BlockRequest> one = [request];
        OnRequestsAbandoned(connection, one);
    }

    /// <summary>
    /// The pipeline has room: write up to <paramref name="destination"/>.Length blocks to request from this peer
    /// (respecting <see cref="PeerConnection.PeerChoking"/> and <see cref="PeerConnection.IsAllowedFast"/>) and
    /// return how many. Called after each batch of incoming messages and from
    /// <see cref="PeerConnection.RequestMoreAsync"/>, with the connection's write gate held: it must not send on
    /// this connection (that would wait for itself).
    /// </summary>
    int FillRequests(PeerConnection connection, Span<BlockRequest> destination);

    /// <summary>The connection ended. Outstanding requests were already reported to <see cref="OnRequestsAbandoned"/>.</summary>
    void OnClosed(PeerConnection connection, PeerCloseInfo info);
}
