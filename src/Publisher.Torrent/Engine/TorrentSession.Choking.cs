namespace Publisher.Torrent.Engine;

/// <content>
/// Choking. While downloading: tit-for-tat, the interested peers that gave us the most in the last interval get the
/// upload slots, plus one optimistic unchoke that moves to another choked peer every optimistic interval. While
/// seeding: round-robin, the interested peers that waited longest since their last unchoke get the slots, so every
/// downloader gets a turn. A peer that becomes interested while slots are free is unchoked at once.
/// </content>
internal sealed partial class TorrentSession
{
    private PeerSession? _optimistic;

    private void MaybeUnchokeAtOnce(PeerSession peer)
    {
        if (_state is not (TorrentState.Downloading or TorrentState.Seeding))
        {
            return;
        }

        lock (_gate)
        {
            var unchoked = 0;
            foreach (var other in _peers)
            {
                if (other.WantUnchoke)
                {
                    unchoked++;
                }
            }

            if (unchoked < Engine.Options.UploadSlots + 1)
            {
                peer.UnchokedAt = Time.GetTimestamp();
                peer.SetUnchoke(true);
            }
        }
    }

    private void Rechoke(bool moveOptimistic)
    {
        if (_state is not (TorrentState.Downloading or TorrentState.Seeding))
        {
            return;
        }

        lock (_gate)
        {
            var candidates = new List<PeerSession>(_peers.Count);
            foreach (var peer in _peers)
            {
                if (peer.Connection.PeerInterested && !peer.Connection.IsClosed)
                {
                    candidates.Add(peer);
                }
                else
                {
                    peer.SetUnchoke(false);
                }
            }

            if (_state == TorrentState.Seeding)
            {
                // Round-robin: longest since the last unchoke first (never unchoked = 0 sorts first).
                candidates.Sort(static (a, b) => (a.WantUnchoke ? a.UnchokedAt : 0).CompareTo(b.WantUnchoke ? b.UnchokedAt : 0));
            }
            else
            {
                candidates.Sort(static (a, b) => b.Connection.DownloadRate.BytesPerSecond.CompareTo(a.Connection.DownloadRate.BytesPerSecond));
            }

            var slots = Engine.Options.UploadSlots;
            for (var i = 0; i < candidates.Count; i++)
            {
                candidates[i].SetUnchoke(i < slots);
            }

            if (candidates.Count <= slots)
            {
                _optimistic = null;
                return;
            }

            if (moveOptimistic || _optimistic is null || !candidates.Contains(_optimistic))
            {
                var choked = candidates.Count - slots;
                _optimistic = candidates[slots + Random.Shared.Next(choked)];
            }

            _optimistic.SetUnchoke(true);
        }
    }
}
