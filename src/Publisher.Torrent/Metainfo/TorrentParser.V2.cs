using System.Runtime.CompilerServices;
using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo;

internal static partial class TorrentParser
{
    /// <param name="info">The info dictionary.</param>
    /// <param name="name">The torrent's name.</param>
    /// <param name="pieceLength">The piece length.</param>
    /// <param name="v1Single">
    /// For a hybrid torrent, whether its v1 part is single-file: a file tree holding one file is ambiguous (one file,
    /// or a folder holding one file), and v1's explicit 'length' or 'files' decides, as libtorrent does. Null for v2 only.
    /// </param>
    /// <param name="single">Whether the torrent is a single file.</param>
    private static TorrentFile[] ReadV2Files(BDictionary info, string name, int pieceLength, bool? v1Single, out bool single)
    {
        if (!info.TryGet<BDictionary>("file tree", out var tree) || tree.Count == 0)
        {
            throw new InvalidTorrentException($"The v2 torrent has no 'file tree' dictionary, or it is empty. {Damaged}");
        }

        var files = new List<TorrentFile>();
        single = false;
        if (v1Single is { } hint)
        {
            single = hint;
        }
        else if (tree.Count == 1)
        {
            var only = tree.First();
            single = only.Value is BDictionary node && node.ContainsKey(string.Empty);
        }

        var offset = 0L;
        var prefix = new List<string>();
        if (!single)
        {
            prefix.Add(name);
        }

        Walk(tree, prefix, files, pieceLength, ref offset);
        return [.. files];
    }

    /// <summary>
    /// The v2 files with a pad file after each one that does not end on a piece boundary (the last one too),
    /// so the piece space is covered without gaps, as libtorrent lays out v2 torrents.
    /// </summary>
    private static TorrentFile[] WithPadFiles(TorrentFile[] files, string name, int pieceLength)
    {
        var result = new List<TorrentFile>(files.Length * 2);
        foreach (var file in files)
        {
            result.Add(file);
            var remainder = (int)(file.Length % pieceLength);
            if (remainder != 0)
            {
                var padLength = pieceLength - remainder;
                string[] path = [name, ".pad", padLength.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                result.Add(new TorrentFile(Array.AsReadOnly(path), padLength, file.EndOffset, "p", ReadOnlyMemory<byte>.Empty, null));
            }
        }

        return [.. result];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Walk(BDictionary node, List<string> prefix, List<TorrentFile> files, int pieceLength, ref long offset)
    {
        foreach (var (key, value) in node)
        {
            var component = RequireText(key, "file tree entry name");
            var path = new List<string>(prefix) { component };
            var what = $"file tree entry '{TorrentPathRules.Describe(path)}'";
            TorrentPathRules.Validate(path, what);
            if (value is not BDictionary child)
            {
                throw new InvalidTorrentException($"The torrent's {what} is not a dictionary. {Damaged}");
            }

            if (!child.TryGetValue(string.Empty, out var fileValue))
            {
                Walk(child, path, files, pieceLength, ref offset);
                continue;
            }

            if (child.Count != 1 || fileValue is not BDictionary file)
            {
                throw new InvalidTorrentException($"The torrent's {what} is both a file and a folder. {Damaged}");
            }

            if (files.Count >= ProtocolLimits.MaxTorrentFileCount)
            {
                throw new InvalidTorrentException($"The torrent lists more than {ProtocolLimits.MaxTorrentFileCount} files; it is refused.");
            }

            var length = RequireInteger(file, "length", what, 0, ProtocolLimits.MaxTorrentTotalSize);
            var root = ReadOnlyMemory<byte>.Empty;
            if (length > 0)
            {
                if (!file.TryGet<BString>("pieces root", out var rootString) || rootString.Length != MerkleTree.HashSize)
                {
                    throw new InvalidTorrentException($"The torrent's {what} has no 32-byte 'pieces root'. {Damaged}");
                }

                root = rootString.Value;
            }

            var attributes = ReadAttributes(file, what);
            files.Add(new TorrentFile(path.AsReadOnly(), length, offset, attributes, root, ReadSymlink(file, attributes, what)));
            var pieces = (length + pieceLength - 1) / pieceLength;
            offset += pieces * pieceLength;
            if (offset > ProtocolLimits.MaxTorrentTotalSize)
            {
                throw new InvalidTorrentException($"The torrent's files add up to more than {ProtocolLimits.MaxTorrentTotalSize} bytes; it is refused.");
            }
        }
    }

    /// <summary>Checks and attaches each large file's piece layer; false when layers were absent (and allowed to be).</summary>
    private static bool AttachPieceLayers(TorrentFile[] files, int pieceLength, BDictionary? layers, bool required)
    {
        var needed = false;
        foreach (var file in files)
        {
            needed |= file.Length > pieceLength;
        }

        if (!needed)
        {
            return true;
        }

        if (layers is null)
        {
            return required
                ? throw new InvalidTorrentException("The v2 torrent has no 'piece layers' for its files larger than one piece (BEP 52 requires them in a .torrent file).")
                : false;
        }

        Span<byte> computed = stackalloc byte[MerkleTree.HashSize];
        for (var i = 0; i < files.Length; i++)
        {
            var file = files[i];
            if (file.Length <= pieceLength)
            {
                continue;
            }

            var what = $"file '{TorrentPathRules.Describe(file.Path)}'";
            if (!layers.TryGetValue(file.PiecesRoot.Span, out var layerValue) || layerValue is not BString layer)
            {
                throw new InvalidTorrentException($"The torrent's 'piece layers' has no entry for the {what}. {Damaged}");
            }

            var expected = ((file.Length + pieceLength - 1) / pieceLength) * MerkleTree.HashSize;
            if (layer.Length != expected)
            {
                throw new InvalidTorrentException($"The torrent's piece layer for the {what} is {layer.Length} bytes, expected {expected}. {Damaged}");
            }

            MerkleTree.ComputeRootFromPieceLayer(layer.Span, pieceLength, computed);
            if (!computed.SequenceEqual(file.PiecesRoot.Span))
            {
                throw new InvalidTorrentException($"The torrent's piece layer for the {what} does not hash to its 'pieces root'. {Damaged}");
            }

            files[i] = file.WithPieceLayer(layer.Value);
        }

        return true;
    }

    /// <summary>Checks that the v1 and v2 halves of a hybrid torrent describe the same files; returns the v1 list carrying v2 roots.</summary>
    private static TorrentFile[] MatchHybrid(TorrentFile[] v1Files, TorrentFile[] v2Files, int pieceLength)
    {
        var result = new TorrentFile[v1Files.Length];
        var next = 0;
        for (var i = 0; i < v1Files.Length; i++)
        {
            var v1 = v1Files[i];
            if (v1.IsPadFile)
            {
                result[i] = v1;
                continue;
            }

            if (next >= v2Files.Length)
            {
                throw new InvalidTorrentException($"The hybrid torrent's v1 file '{v1.PathString}' is missing from its v2 file tree. {Damaged}");
            }

            var v2 = v2Files[next++];
            if (!SamePath(v1.Path, v2.Path) || v1.Length != v2.Length)
            {
                throw new InvalidTorrentException($"The hybrid torrent's v1 file '{v1.PathString}' ({v1.Length} bytes) does not match v2 file '{v2.PathString}' ({v2.Length} bytes) at the same position. {Damaged}");
            }

            if (v1.Length > 0 && v1.Offset % pieceLength != 0)
            {
                throw new InvalidTorrentException($"The hybrid torrent's v1 file '{v1.PathString}' does not start at a piece boundary (pad files are missing). {Damaged}");
            }

            result[i] = v1.WithPiecesRoot(v2.PiecesRoot).WithPieceLayer(v2.PieceLayer);
        }

        if (next != v2Files.Length)
        {
            throw new InvalidTorrentException($"The hybrid torrent's v2 file '{v2Files[next].PathString}' is missing from its v1 file list. {Damaged}");
        }

        return result;
    }

    private static bool SamePath(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
