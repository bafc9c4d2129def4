using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>Turning hashes and options into the bencoded torrent.</summary>
public static partial class TorrentBuilder
{
    private static CreatedTorrent Encode(string name, bool isDirectory, CreationLayout layout, CreationHashes hashes, TorrentBuilderOptions options)
    {
        var info = new List<KeyValuePair<BString, BValue>>
        {
            Entry("name", name),
            Entry("piece length", layout.PieceLength),
        };
        if (hashes.V1Pieces is { } pieces)
        {
            info.Add(Entry("pieces", pieces));
            if (isDirectory)
            {
                info.Add(Entry("files", V1Files(layout)));
            }
            else
            {
                info.Add(Entry("length", layout.Files[0].Length));
            }
        }

        if (hashes.FileRoots is { } roots)
        {
            info.Add(Entry("meta version", 2));
            info.Add(Entry("file tree", FileTree(layout, roots)));
        }

        if (options.Private)
        {
            info.Add(Entry("private", 1));
        }

        var infoBytes = BencodeEncoder.Encode(new BDictionary(info));
        var metadata = new TorrentMetadata
        {
            Trackers = options.Trackers,
            WebSeeds = options.WebSeeds,
            Comment = string.IsNullOrEmpty(options.Comment) ? null : options.Comment,
            CreatedBy = string.IsNullOrEmpty(options.CreatedBy) ? null : options.CreatedBy,
            CreationDate = options.CreationDate is { } date ? DateTimeOffset.FromUnixTimeSeconds(date.ToUnixTimeSeconds()) : null,
        };
        TorrentInfo torrent;
        try
        {
            torrent = TorrentInfo.Create(infoBytes, metadata, hashes.PieceLayers is { } layers ? PieceLayers(hashes.FileRoots!, layers) : null);
        }
        catch (InvalidTorrentException error)
        {
            // A file name another client could not use (for example "CON" or "a:b"), or an unusable URL.
            throw new TorrentCreationException($"A torrent cannot be made from this input: {error.Message}", error);
        }

        return new CreatedTorrent(torrent, torrent.ToBytes());
    }

    private static BList V1Files(CreationLayout layout)
    {
        var files = new List<BValue>();
        for (var i = 0; i < layout.Files.Length; i++)
        {
            var file = layout.Files[i];
            var path = new List<BValue>();
            foreach (var component in file.PathComponents)
            {
                path.Add(component);
            }

            files.Add(new BDictionary([Entry("length", file.Length), Entry("path", new BList(path))]));
            if (layout.HasV2 && layout.Padding[i] > 0)
            {
                var padding = layout.Padding[i];
                files.Add(new BDictionary(
                [
                    Entry("attr", "p"),
                    Entry("length", padding),
                    Entry("path", new BList(".pad", padding.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                ]));
            }
        }

        return new BList(files);
    }

    private static BDictionary FileTree(CreationLayout layout, byte[]?[] roots)
    {
        var tree = new FileTreeNode();
        for (var i = 0; i < layout.Files.Length; i++)
        {
            var node = tree;
            foreach (var component in layout.Files[i].PathComponents)
            {
                node = node.Child(component);
            }

            var leaf = new List<KeyValuePair<BString, BValue>> { Entry("length", layout.Files[i].Length) };
            if (roots[i] is { } root)
            {
                leaf.Add(Entry("pieces root", root));
            }

            node.File = new BDictionary(leaf);
        }

        return tree.ToBencode();
    }

    private static BDictionary PieceLayers(byte[]?[] roots, byte[]?[] layers)
    {
        var entries = new List<KeyValuePair<BString, BValue>>();
        var seen = new HashSet<BString>();
        for (var i = 0; i < layers.Length; i++)
        {
            // Identical files share a pieces root and so one entry.
            if (layers[i] is { } layer && seen.Add(new BString(roots[i]!)))
            {
                entries.Add(new(new BString(roots[i]!), new BString(layer)));
            }
        }

        return new BDictionary(entries);
    }

    private static KeyValuePair<BString, BValue> Entry(string key, BValue value) => new(new BString(key), value);
}
