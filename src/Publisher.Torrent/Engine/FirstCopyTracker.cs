namespace Publisher.Torrent.Engine;

/// <summary>
/// For a rate-capped origin seed: which peer each piece was first sent to, so that a second copy of a piece waits
/// while pieces nobody has received remain. The seed's upload is the swarm's bottleneck; every piece it sends twice
/// before it has sent all of them once delays the last leecher (the leechers can trade the first copy among
/// themselves). A piece whose first receiver has gone counts as unsent to the next asker. Thread-safe.
/// </summary>
/// <typeparam name="TPeer">The peer type (compared by reference).</typeparam>
internal sealed class FirstCopyTracker<TPeer>
    where TPeer : class
{
    private readonly TPeer?[] _first;
    private readonly Func<TPeer, bool> _isGone;
    private int _unsent;

    /// <param name="pieceCount">Pieces in the torrent.</param>
    /// <param name="isGone">True when a peer is disconnected (its copy no longer reaches the swarm).</param>
    public FirstCopyTracker(int pieceCount, Func<TPeer, bool> isGone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pieceCount);
        ArgumentNullException.ThrowIfNull(isGone);
        _first = new TPeer?[pieceCount];
        _isGone = isGone;
        _unsent = pieceCount;
    }

    /// <summary>Pieces not yet sent to any peer.</summary>
    public int Unsent => Volatile.Read(ref _unsent);

    /// <summary>
    /// True when <paramref name="peer"/> may be sent blocks of <paramref name="piece"/>: nobody got it yet (it becomes
    /// this peer's), this peer is its first receiver, its first receiver has gone, or every piece has been sent once.
    /// False: another connected peer is getting or got the piece and unsent pieces remain (reject the request).
    /// </summary>
    public bool TrySend(int piece, TPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        while (true)
        {
            var first = Volatile.Read(ref _first[piece]);
            if (first is null)
            {
                if (Interlocked.CompareExchange(ref _first[piece], peer, null) is null)
                {
                    Interlocked.Decrement(ref _unsent);
                    return true;
                }

                continue;
            }

            if (ReferenceEquals(first, peer))
            {
                return true;
            }

            if (_isGone(first))
            {
                if (ReferenceEquals(Interlocked.CompareExchange(ref _first[piece], peer, first), first))
                {
                    return true;
                }

                continue;
            }

            return Volatile.Read(ref _unsent) == 0;
        }
    }
}
