using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker;

/// <summary>
/// The default swarm store: 256 shards, each a lock around a dictionary of <see cref="Swarm"/>s, so announces to
/// different torrents rarely contend. About 60-110 bytes per peer (see <see cref="PeerEntry"/> and <see cref="Swarm"/>).
/// </summary>
internal sealed class MemorySwarmStore : ISwarmStore
{
    private const int ShardCount = 256;

    private readonly Shard[] _shards;
    private readonly TimeProvider _timeProvider;
    private readonly TrackerOptions _options;
    private long _swarms;
    private long _peers;
    private long _completed;
    private long _uploaded;
    private long _downloaded;

    public MemorySwarmStore(IOptions<TrackerOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _shards = new Shard[ShardCount];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard();
        }
    }

    public ValueTask<AnnounceOutcome> AnnounceAsync(TrackerInfoHash infoHash, PeerAnnounce announce, PeerSelection selection, CancellationToken cancellationToken)
    {
        var now = NowSeconds();
        var shard = ShardOf(infoHash);
        lock (shard.Gate)
        {
            if (!shard.Swarms.TryGetValue(infoHash, out var swarm))
            {
                if (announce.Event == AnnounceEvent.Stopped)
                {
                    return ValueTask.FromResult(new AnnounceOutcome(AnnounceStatus.Ok, 0, 0, 0));
                }

                if (Interlocked.Read(ref _swarms) >= _options.MaxSwarms)
                {
                    return ValueTask.FromResult(new AnnounceOutcome(AnnounceStatus.SwarmLimitReached, 0, 0, 0));
                }

                swarm = new Swarm();
                shard.Swarms.Add(infoHash, swarm);
                Interlocked.Increment(ref _swarms);
            }

            swarm.LastAnnounce = now;
            var index = swarm.IndexOf(announce.Endpoint);
            if (announce.Event == AnnounceEvent.Stopped)
            {
                if (index >= 0)
                {
                    Account(swarm, ref swarm[index], announce);
                    swarm.RemoveAt(index);
                    Interlocked.Decrement(ref _peers);
                }

                return ValueTask.FromResult(new AnnounceOutcome(AnnounceStatus.Ok, swarm.Seeders, swarm.Leechers, swarm.Completed));
            }

            if (index < 0)
            {
                if (swarm.Count < _options.MaxPeersPerSwarm)
                {
                    index = swarm.Add(new PeerEntry
                    {
                        AddressHigh = announce.Endpoint.High,
                        AddressLow = announce.Endpoint.Low,
                        Port = announce.Endpoint.Port,
                        Key = announce.Key,
                        LastSeen = now,
                        Uploaded = announce.Uploaded,
                        Downloaded = announce.Downloaded,
                        Flags = announce.IsSeeder ? PeerEntryFlags.Seeder : PeerEntryFlags.None,
                    });
                    Interlocked.Increment(ref _peers);
                    if (announce.Event == AnnounceEvent.Completed)
                    {
                        swarm[index].Flags |= PeerEntryFlags.CompletionCounted;
                        CountCompletion(swarm);
                    }
                }
            }
            else
            {
                ref var entry = ref swarm[index];
                Account(swarm, ref entry, announce);
                entry.LastSeen = now;
                swarm.SetSeeder(index, announce.IsSeeder);
                if (announce.Event == AnnounceEvent.Completed && (entry.Flags & PeerEntryFlags.CompletionCounted) == 0)
                {
                    entry.Flags |= PeerEntryFlags.CompletionCounted;
                    CountCompletion(swarm);
                }
            }

            swarm.Select(index, announce.IsSeeder, selection);
            return ValueTask.FromResult(new AnnounceOutcome(AnnounceStatus.Ok, swarm.Seeders, swarm.Leechers, swarm.Completed));
        }
    }

    public ValueTask<SwarmStatistics?> GetSwarmAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
    {
        var shard = ShardOf(infoHash);
        lock (shard.Gate)
        {
            if (shard.Swarms.TryGetValue(infoHash, out var swarm))
            {
                return ValueTask.FromResult<SwarmStatistics?>(new SwarmStatistics(infoHash, swarm.Seeders, swarm.Leechers, swarm.Completed, swarm.Uploaded, swarm.Downloaded));
            }
        }

        return ValueTask.FromResult<SwarmStatistics?>(null);
    }

    public ValueTask<TrackerTotals> GetTotalsAsync(CancellationToken cancellationToken)
        => ValueTask.FromResult(new TrackerTotals(
            Interlocked.Read(ref _swarms),
            Interlocked.Read(ref _peers),
            Interlocked.Read(ref _completed),
            Interlocked.Read(ref _uploaded),
            Interlocked.Read(ref _downloaded)));

    public ValueTask<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = NowSeconds();
        var peerCutoff = SecondsBefore(now, _options.PeerTimeout);
        var swarmCutoff = SecondsBefore(now, _options.SwarmRetention);
        var removed = 0;
        foreach (var shard in _shards)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (shard.Gate)
            {
                foreach (var (infoHash, swarm) in shard.Swarms)
                {
                    var gone = swarm.RemoveExpired(peerCutoff);
                    removed += gone;
                    Interlocked.Add(ref _peers, -gone);
                    if (swarm.Count == 0 && swarm.LastAnnounce < swarmCutoff)
                    {
                        shard.Swarms.Remove(infoHash);
                        Interlocked.Decrement(ref _swarms);
                    }
                }
            }
        }

        return ValueTask.FromResult(removed);
    }

    /// <summary>Bytes held by swarm arrays, dictionaries and swarm objects: an estimate for the memory report.</summary>
    internal long EstimateBytes()
    {
        long bytes = 0;
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                foreach (var swarm in shard.Swarms.Values)
                {
                    bytes += swarm.ArrayBytes + 96;
                }

                bytes += shard.Swarms.Count * 48L;
            }
        }

        return bytes;
    }

    private static uint SecondsBefore(uint now, TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        return seconds >= now ? 0 : (uint)(now - seconds);
    }

    private static long SaturatingAdd(long total, long delta) => total > long.MaxValue - delta ? long.MaxValue : total + delta;

    private uint NowSeconds() => (uint)Math.Clamp(_timeProvider.GetUtcNow().ToUnixTimeSeconds(), 0, uint.MaxValue);

    private Shard ShardOf(TrackerInfoHash infoHash) => _shards[(uint)infoHash.GetHashCode() % ShardCount];

    private void CountCompletion(Swarm swarm)
    {
        swarm.Completed++;
        Interlocked.Increment(ref _completed);
    }

    /// <summary>
    /// Adds what the peer transferred since its previous announce. A new <c>key</c> or counters that went backwards
    /// mean a new client session: the reported totals become the new baseline and nothing is counted.
    /// </summary>
    private void Account(Swarm swarm, ref PeerEntry entry, in PeerAnnounce announce)
    {
        if (entry.Key == announce.Key && announce.Uploaded >= entry.Uploaded && announce.Downloaded >= entry.Downloaded)
        {
            var uploaded = announce.Uploaded - entry.Uploaded;
            var downloaded = announce.Downloaded - entry.Downloaded;
            swarm.Uploaded = SaturatingAdd(swarm.Uploaded, uploaded);
            swarm.Downloaded = SaturatingAdd(swarm.Downloaded, downloaded);
            AddSaturating(ref _uploaded, uploaded);
            AddSaturating(ref _downloaded, downloaded);
        }
        else
        {
            entry.Key = announce.Key;
            entry.Flags &= ~PeerEntryFlags.CompletionCounted;
        }

        entry.Uploaded = announce.Uploaded;
        entry.Downloaded = announce.Downloaded;
    }

    private static void AddSaturating(ref long total, long delta)
    {
        var current = Interlocked.Read(ref total);
        while (true)
        {
            var next = SaturatingAdd(current, delta);
            var seen = Interlocked.CompareExchange(ref total, next, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed class Shard
    {
        public Lock Gate { get; } = new();

        public Dictionary<TrackerInfoHash, Swarm> Swarms { get; } = [];
    }
}
