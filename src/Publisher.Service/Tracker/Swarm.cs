using System.Runtime.CompilerServices;

namespace Publisher.Service.Tracker;

/// <summary>
/// The peers of one torrent: a dense array of <see cref="PeerEntry"/> (so random selection is a slice) plus an
/// open-addressing index (linear probing, load at most 1/2) from endpoint to position. Not thread-safe: the
/// owning shard's lock guards it.
/// </summary>
internal sealed class Swarm
{
    private const int MinimumCapacity = 2;

    private PeerEntry[] _peers = new PeerEntry[MinimumCapacity];
    private int[] _slots = new int[MinimumCapacity * 2];
    private int _count;

    public int Count => _count;

    public int Seeders { get; private set; }

    public int Leechers => _count - Seeders;

    public long Completed { get; set; }

    public long Uploaded { get; set; }

    public long Downloaded { get; set; }

    /// <summary>Unix seconds of the last announce to this swarm.</summary>
    public uint LastAnnounce { get; set; }

    /// <summary>Bytes held by the arrays of this swarm (for the memory measurement).</summary>
    public long ArrayBytes => (_peers.LongLength * Unsafe.SizeOf<PeerEntry>()) + (_slots.LongLength * sizeof(int));

    public ref PeerEntry this[int index] => ref _peers[index];

    public int IndexOf(in PeerEndpoint endpoint)
    {
        var mask = _slots.Length - 1;
        var slot = endpoint.GetHashCode() & mask;
        while (true)
        {
            var value = _slots[slot];
            if (value == 0)
            {
                return -1;
            }

            if (_peers[value - 1].Matches(endpoint))
            {
                return value - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    public int Add(in PeerEntry entry)
    {
        if (_count == _peers.Length)
        {
            Resize(_peers.Length * 2);
        }

        var index = _count++;
        _peers[index] = entry;
        InsertSlot(index);
        if (entry.IsSeeder)
        {
            Seeders++;
        }

        return index;
    }

    public void SetSeeder(int index, bool seeder)
    {
        ref var entry = ref _peers[index];
        if (entry.IsSeeder == seeder)
        {
            return;
        }

        if (seeder)
        {
            entry.Flags |= PeerEntryFlags.Seeder;
            Seeders++;
        }
        else
        {
            entry.Flags &= ~PeerEntryFlags.Seeder;
            Seeders--;
        }
    }

    public void RemoveAt(int index)
    {
        if (_peers[index].IsSeeder)
        {
            Seeders--;
        }

        DeleteSlot(SlotOf(index));
        var last = _count - 1;
        if (index != last)
        {
            var lastSlot = SlotOf(last);
            _peers[index] = _peers[last];
            _slots[lastSlot] = index + 1;
        }

        _peers[last] = default;
        _count--;
    }

    /// <summary>Adds up to the selection's limit of peers, from a random start, skipping the requester (and seeders for a seeder).</summary>
    public void Select(int requester, bool requesterIsSeeder, PeerSelection selection)
    {
        var count = _count;
        if (count == 0 || selection.Limit == 0)
        {
            return;
        }

        // Bound the walk: a seeder in a swarm of seeders must not scan a million entries under the lock.
        var budget = Math.Min(count, Math.Max(selection.Limit * 4, 256));
        var index = Random.Shared.Next(count);
        for (var n = 0; n < budget && !selection.IsFull; n++)
        {
            if (index != requester)
            {
                ref var peer = ref _peers[index];
                if (!(requesterIsSeeder && peer.IsSeeder))
                {
                    selection.TryAdd(peer.AddressHigh, peer.AddressLow, peer.Port);
                }
            }

            index++;
            if (index == count)
            {
                index = 0;
            }
        }
    }

    /// <summary>Removes peers last seen before <paramref name="cutoff"/>; returns how many, with their reported byte baselines dropped.</summary>
    public int RemoveExpired(uint cutoff)
    {
        var removed = 0;
        for (var index = _count - 1; index >= 0; index--)
        {
            if (_peers[index].LastSeen < cutoff)
            {
                RemoveAt(index);
                removed++;
            }
        }

        if (_peers.Length > 16 && _count < _peers.Length / 4)
        {
            Resize(_peers.Length / 2);
        }

        return removed;
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _peers, capacity);
        _slots = new int[capacity * 2];
        for (var index = 0; index < _count; index++)
        {
            InsertSlot(index);
        }
    }

    private void InsertSlot(int index)
    {
        var mask = _slots.Length - 1;
        var slot = _peers[index].Hash() & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = index + 1;
    }

    private int SlotOf(int index)
    {
        var mask = _slots.Length - 1;
        var slot = _peers[index].Hash() & mask;
        while (_slots[slot] != index + 1)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    /// <summary>Backward-shift deletion: keeps every probe chain unbroken without tombstones.</summary>
    private void DeleteSlot(int slot)
    {
        var mask = _slots.Length - 1;
        var hole = slot;
        var probe = slot;
        while (true)
        {
            probe = (probe + 1) & mask;
            var value = _slots[probe];
            if (value == 0)
            {
                break;
            }

            var home = _peers[value - 1].Hash() & mask;
            var staysPut = hole <= probe ? home > hole && home <= probe : home > hole || home <= probe;
            if (!staysPut)
            {
                _slots[hole] = value;
                hole = probe;
            }
        }

        _slots[hole] = 0;
    }
}
