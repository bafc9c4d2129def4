using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Engine;

/// <content>
/// Pieces the peer rejected while unchoking us: not asked of it again for a while (it would only say no again; a capped
/// seed does so for pieces another peer is getting), then forgotten all at once.
/// </content>
internal sealed partial class PeerSession
{
    private readonly Lock _rejectedGate = new();
    private Bitfield? _rejected;
    private long _rejectedSince;

    /// <summary>Records that the peer rejected a request for <paramref name="piece"/> at timestamp <paramref name="now"/>.</summary>
    public void NoteRejected(int piece, long now)
    {
        if ((uint)piece >= (uint)Has.Length)
        {
            return;
        }

        lock (_rejectedGate)
        {
            _rejected ??= new Bitfield(Has.Length);
            if (_rejected.IsEmpty)
            {
                _rejectedSince = now;
            }

            _rejected.Set(piece);
        }
    }

    /// <summary>
    /// Picks blocks to request from this peer, leaving out pieces it rejected less than <paramref name="hold"/>
    /// timestamp ticks ago.
    /// </summary>
    public int PickBlocks(PiecePicker picker, Span<BlockRequest> destination, ReadOnlySpan<int> onlyPieces, long now, long hold)
    {
        lock (_rejectedGate)
        {
            var exclude = _rejected;
            if (exclude is not null && !exclude.IsEmpty && now - _rejectedSince >= hold)
            {
                exclude.ClearAll();
            }

            return picker.PickBlocks(this, IsSeed ? null : Has, destination, onlyPieces, exclude is { IsEmpty: false } ? exclude : null);
        }
    }
}
