using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Publisher.Torrent.Bencoding;

/// <summary>
/// A bencoded dictionary with byte-string keys, kept sorted by raw key bytes (the canonical order) with
/// unique keys. Look-ups by UTF-8 text or by raw bytes use binary search.
/// </summary>
public sealed class BDictionary : BValue, IReadOnlyCollection<KeyValuePair<BString, BValue>>
{
    private static readonly Comparison<KeyValuePair<BString, BValue>> ByKey = static (a, b) => a.Key.CompareTo(b.Key);
    private readonly KeyValuePair<BString, BValue>[] _entries;

    /// <summary>Creates a dictionary from <paramref name="entries"/> in any order.</summary>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public BDictionary(IEnumerable<KeyValuePair<BString, BValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        foreach (var entry in _entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Key, nameof(entries));
            ArgumentNullException.ThrowIfNull(entry.Value, nameof(entries));
        }

        Array.Sort(_entries, ByKey);
        if (FindDuplicate(_entries) is { } duplicate)
        {
            throw new ArgumentException($"The key '{duplicate}' appears more than once.", nameof(entries));
        }
    }

    private BDictionary(KeyValuePair<BString, BValue>[] sortedEntries, bool sorted)
    {
        _ = sorted;
        _entries = sortedEntries;
    }

    /// <summary>An empty dictionary.</summary>
    public static BDictionary Empty { get; } = new([], sorted: true);

    /// <inheritdoc/>
    public int Count => _entries.Length;

    /// <summary>The keys in canonical order.</summary>
    public IEnumerable<BString> Keys
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Key;
            }
        }
    }

    /// <summary>The value for the UTF-8 key <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    public BValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not present.");

    /// <summary>Creates a dictionary from (UTF-8 key, value) pairs in any order.</summary>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public static BDictionary From(params ReadOnlySpan<(string Key, BValue Value)> entries)
    {
        var list = new KeyValuePair<BString, BValue>[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            list[i] = new(new BString(entries[i].Key), entries[i].Value);
        }

        return new BDictionary(list);
    }

    /// <summary>Looks a value up by its raw key bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(ReadOnlySpan<byte> key, [NotNullWhen(true)] out BValue? value)
    {
        var low = 0;
        var high = _entries.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = _entries[mid].Key.Span.SequenceCompareTo(key);
            if (order == 0)
            {
                value = _entries[mid].Value;
                return true;
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Looks a value up by its key given as text (compared as UTF-8 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(string key, [NotNullWhen(true)] out BValue? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var low = 0;
        var high = _entries.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = CompareUtf8(_entries[mid].Key.Span, key);
            if (order == 0)
            {
                value = _entries[mid].Value;
                return true;
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Looks up a value of a given kind; false when absent or of another kind.</summary>
    public bool TryGet<T>(string key, [NotNullWhen(true)] out T? value)
        where T : BValue
    {
        if (TryGetValue(key, out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (added or replaced).</summary>
    public BDictionary With(string key, BValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bkey = new BString(key);
        var entries = new List<KeyValuePair<BString, BValue>>(_entries.Length + 1);
        foreach (var entry in _entries)
        {
            if (!entry.Key.Equals(bkey))
            {
                entries.Add(entry);
            }
        }

        entries.Add(new(bkey, value));
        return new BDictionary(entries);
    }

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public BDictionary Without(string key)
    {
        var bkey = new BString(key);
        var entries = new List<KeyValuePair<BString, BValue>>(_entries.Length);
        foreach (var entry in _entries)
        {
            if (!entry.Key.Equals(bkey))
            {
                entries.Add(entry);
            }
        }

        return new BDictionary([.. entries]);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<BString, BValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<BString, BValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Builds from decoded entries; sorts them when the input was unsorted (lenient mode).</summary>
    internal static BDictionary FromDecoded(KeyValuePair<BString, BValue>[] entries, bool sorted, out BString? duplicate)
    {
        if (!sorted && !IsSorted(entries))
        {
            Array.Sort(entries, ByKey);
        }

        duplicate = FindDuplicate(entries);
        return new BDictionary(entries, sorted: true);
    }

    /// <summary>Compares UTF-8 bytes with the UTF-8 encoding of <paramref name="text"/>, byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareUtf8(ReadOnlySpan<byte> bytes, string text)
    {
        var count = Math.Min(bytes.Length, text.Length);
        for (var i = 0; i < count; i++)
        {
            var c = text[i];
            if (c >= 0x80)
            {
                return CompareEncoded(bytes, text);
            }

            if (bytes[i] != c)
            {
                return bytes[i] < c ? -1 : 1;
            }
        }

        for (var i = count; i < text.Length; i++)
        {
            if (text[i] >= 0x80)
            {
                return CompareEncoded(bytes, text);
            }
        }

        return bytes.Length.CompareTo(text.Length);
    }

    private static int CompareEncoded(ReadOnlySpan<byte> bytes, string text)
    {
        var encoded = Encoding.UTF8.GetBytes(text);
        return bytes.SequenceCompareTo(encoded);
    }

    private static bool IsSorted(KeyValuePair<BString, BValue>[] entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].Key.CompareTo(entries[i - 1].Key) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static BString? FindDuplicate(KeyValuePair<BString, BValue>[] sortedEntries)
    {
        for (var i = 1; i < sortedEntries.Length; i++)
        {
            if (sortedEntries[i].Key.Equals(sortedEntries[i - 1].Key))
            {
                return sortedEntries[i].Key;
            }
        }

        return null;
    }
}
