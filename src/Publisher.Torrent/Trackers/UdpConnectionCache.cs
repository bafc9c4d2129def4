using System.Net;

namespace Publisher.Torrent.Trackers;

/// <summary>UDP tracker connection ids by tracker endpoint, reused until their lifetime (BEP 15: one minute) has passed.</summary>
internal sealed class UdpConnectionCache
{
    /// <summary>Entries kept before expired ones are pruned (a client talks to a handful of UDP trackers).</summary>
    private const int MaxEntries = 256;

    private readonly Dictionary<IPEndPoint, (ulong ConnectionId, long ReceivedAt)> _entries = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;

    public UdpConnectionCache(TimeProvider timeProvider, TimeSpan lifetime)
    {
        _timeProvider = timeProvider;
        _lifetime = lifetime;
    }

    public bool TryGet(IPEndPoint tracker, out ulong connectionId)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(tracker, out var entry))
            {
                if (_timeProvider.GetElapsedTime(entry.ReceivedAt) < _lifetime)
                {
                    connectionId = entry.ConnectionId;
                    return true;
                }

                _entries.Remove(tracker);
            }
        }

        connectionId = 0;
        return false;
    }

    public void Set(IPEndPoint tracker, ulong connectionId)
    {
        lock (_gate)
        {
            if (_entries.Count >= MaxEntries)
            {
                PruneExpired();
            }

            _entries[tracker] = (connectionId, _timeProvider.GetTimestamp());
        }
    }

    public void Remove(IPEndPoint tracker)
    {
        lock (_gate)
        {
            _entries.Remove(tracker);
        }
    }

    private void PruneExpired()
    {
        foreach (var (key, entry) in _entries)
        {
            if (_timeProvider.GetElapsedTime(entry.ReceivedAt) >= _lifetime)
            {
                _entries.Remove(key);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }
}
