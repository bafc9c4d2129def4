using System.Net;

namespace Publisher.Torrent.Trackers;

/// <summary>UDP tracker connection ids by tracker endpoint, reused until their lifetime (BEP 15: one minute) has passed.</summary>
internal sealed class UdpConnectionCache
{
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
            // Bounded by the trackers a client uses; expired entries are dropped on lookup and here.
            if (_entries.Count >= 256)
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

        if (_entries.Count >= 256)
        {
            _entries.Clear();
        }
    }
}
