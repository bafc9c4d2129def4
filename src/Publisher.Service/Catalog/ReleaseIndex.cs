using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Publisher.Service.Catalog;

/// <summary>
/// Every published release by the 20-byte info hash trackers see (v1, and truncated v2), in memory, so the
/// tracker's per-announce lookup never touches the database. Filled at start-up, updated on publish, and
/// reloaded periodically (<see cref="ReleaseIndexRefresher"/>) to see releases published by other instances.
/// Yanked releases stay in: those who have them may still share them.
/// </summary>
internal sealed class ReleaseIndex
{
    /// <summary>The length of the hashes the index is keyed by.</summary>
    public const int HashLength = 20;

    private volatile ConcurrentDictionary<HashKey, ReleaseIndexEntry> _entries = new();

    /// <summary>How many info hashes are indexed.</summary>
    public int Count => _entries.Count;

    /// <summary>Looks up a 20-byte info hash; false for any other length.</summary>
    public bool TryFind(ReadOnlySpan<byte> infoHash, out ReleaseIndexEntry entry)
    {
        if (infoHash.Length != HashLength)
        {
            entry = default;
            return false;
        }

        return _entries.TryGetValue(HashKey.From(infoHash), out entry);
    }

    /// <summary>Raised (on the publishing thread) after a release published by this instance was added.</summary>
    public event Action<ReleaseRecord>? Added;

    /// <summary>Adds a release just published.</summary>
    public void Add(ReleaseRecord release)
    {
        AddTo(_entries, release);
        Added?.Invoke(release);
    }

    /// <summary>Reloads everything from the catalogue and swaps it in at once.</summary>
    public async Task ReloadAsync(ICatalogRepository catalog, CancellationToken cancellationToken)
    {
        var fresh = new ConcurrentDictionary<HashKey, ReleaseIndexEntry>();
        long? before = null;
        while (true)
        {
            var page = await catalog.ListReleasesAsync(new ReleaseQuery(IncludeYanked: true, Limit: ReleaseQuery.MaxLimit, BeforeId: before), cancellationToken);
            foreach (var release in page)
            {
                AddTo(fresh, release);
            }

            if (page.Count < ReleaseQuery.MaxLimit)
            {
                break;
            }

            before = page[^1].Id;
        }

        // Releases added by Add() while the reload ran are in the catalogue already, or arrive with the next reload.
        foreach (var (key, value) in _entries)
        {
            fresh.TryAdd(key, value);
        }

        _entries = fresh;
    }

    private static void AddTo(ConcurrentDictionary<HashKey, ReleaseIndexEntry> entries, ReleaseRecord release)
    {
        var entry = new ReleaseIndexEntry(release.Id, release.Access);
        Span<byte> bytes = stackalloc byte[32];
        if (release.InfoHashV1 is { } v1 && Convert.FromHexString(v1, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == HashLength)
        {
            entries[HashKey.From(bytes[..HashLength])] = entry;
        }

        if (release.InfoHashV2 is { } v2 && Convert.FromHexString(v2, bytes, out _, out written) == System.Buffers.OperationStatus.Done && written == 32)
        {
            entries[HashKey.From(bytes[..HashLength])] = entry;
        }
    }

    private readonly record struct HashKey(ulong First, ulong Second, uint Third)
    {
        public static HashKey From(ReadOnlySpan<byte> bytes) => new(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]));
    }
}
