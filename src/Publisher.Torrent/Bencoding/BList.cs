using System.Collections;

namespace Publisher.Torrent.Bencoding;

/// <summary>A bencoded list.</summary>
public sealed class BList : BValue, IReadOnlyList<BValue>
{
    private readonly BValue[] _items;

    /// <summary>Creates a list of <paramref name="items"/>.</summary>
    public BList(IEnumerable<BValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        foreach (var item in _items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }
    }

    /// <summary>Creates a list of <paramref name="items"/>.</summary>
    public BList(params ReadOnlySpan<BValue> items)
    {
        _items = items.ToArray();
        foreach (var item in _items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }
    }

    internal BList(BValue[] items, bool owned)
    {
        _ = owned;
        _items = items;
    }

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public BValue this[int index] => _items[index];

    /// <inheritdoc/>
    public IEnumerator<BValue> GetEnumerator() => ((IEnumerable<BValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
