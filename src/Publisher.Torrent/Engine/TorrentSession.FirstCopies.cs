namespace Publisher.Torrent.Engine;

/// <content>
/// Spreading a capped origin seed's upload: while some pieces were never sent to anyone, a request for a piece another
/// connected peer is getting or got from us is rejected (BEP 6), so the peer asks for an unsent piece instead and gets
/// the other from the swarm. Only for an origin (nothing downloaded from peers) with an upload cap, and only towards
/// peers with the fast extension (others cannot be told no).
/// </content>
internal sealed partial class TorrentSession
{
    private FirstCopyTracker<PeerSession>? _firstCopies;

    /// <summary>False when the block of <paramref name="piece"/> should be rejected rather than sent to <paramref name="peer"/>.</summary>
    public bool MaySendCopy(PeerSession peer, int piece)
    {
        if (!peer.Connection.FastExtension
            || _state != TorrentState.Seeding
            || Interlocked.Read(ref _downloadedFromPeers) != 0
            || (_uploadLimit.Rate == 0 && Engine.UploadLimit.Rate == 0))
        {
            return true;
        }

        var tracker = Volatile.Read(ref _firstCopies);
        if (tracker is null)
        {
            Interlocked.CompareExchange(ref _firstCopies, new FirstCopyTracker<PeerSession>(Layout.PieceCount, static p => p.Connection.IsClosed), null);
            tracker = _firstCopies!;
        }

        return tracker.TrySend(piece, peer);
    }
}
