using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>A directory (or file) while a BEP 52 <c>file tree</c> is being assembled.</summary>
internal sealed class FileTreeNode
{
    private readonly Dictionary<string, FileTreeNode> _children = new(StringComparer.Ordinal);

    /// <summary>The <c>{length, pieces root}</c> dictionary when this node is a file.</summary>
    public BDictionary? File { get; set; }

    public FileTreeNode Child(string name)
    {
        if (!_children.TryGetValue(name, out var child))
        {
            child = new FileTreeNode();
            _children.Add(name, child);
        }

        return child;
    }

    /// <summary>The node as bencode: a file is <c>{"": {...}}</c>, a directory maps names to nodes (sorted by the dictionary).</summary>
    public BDictionary ToBencode()
    {
        if (File is { } file)
        {
            return new BDictionary([new KeyValuePair<BString, BValue>(new BString(string.Empty), file)]);
        }

        var entries = new List<KeyValuePair<BString, BValue>>(_children.Count);
        foreach (var (name, child) in _children)
        {
            entries.Add(new(new BString(name), child.ToBencode()));
        }

        return new BDictionary(entries);
    }
}
