using System.Security.Cryptography;
using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Tests.Bencoding;

namespace Publisher.Torrent.Tests.Metainfo;

/// <summary>
/// Hand-builds small torrents for tests with the bencode object model and independent hashing
/// (SHA-1 of the concatenation, and the naive full merkle tree of <see cref="MerkleTreeTests"/>).
/// </summary>
internal static class TestTorrents
{
    public sealed record FileSpec(string[] Path, byte[] Data);

    public static FileSpec File(string path, int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return new FileSpec(path.Split('/'), data);
    }

    public static BDictionary V1Info(string name, IReadOnlyList<FileSpec> files, int pieceLength, bool single, bool pad = false, params (string Key, BValue Value)[] extra)
    {
        var entries = new List<(string, BValue)> { ("name", name), ("piece length", pieceLength) };
        var concatenated = new List<byte>();
        if (single)
        {
            entries.Add(("length", files[0].Data.Length));
            concatenated.AddRange(files[0].Data);
        }
        else
        {
            var list = new List<BValue>();
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                list.Add(BDictionary.From(("length", file.Data.Length), ("path", new BList(file.Path.Select(p => (BValue)p)))));
                concatenated.AddRange(file.Data);
                var remainder = file.Data.Length % pieceLength;
                if (pad && i < files.Count - 1 && remainder != 0)
                {
                    var padLength = pieceLength - remainder;
                    list.Add(BDictionary.From(("attr", "p"), ("length", padLength), ("path", new BList(".pad", padLength.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
                    concatenated.AddRange(new byte[padLength]);
                }
            }

            entries.Add(("files", new BList(list)));
        }

        entries.Add(("pieces", PiecesV1([.. concatenated], pieceLength)));
        entries.AddRange(extra);
        return BDictionary.From([.. entries]);
    }

    public static byte[] PiecesV1(byte[] data, int pieceLength)
    {
        var hashes = new List<byte>();
        for (var offset = 0; offset < data.Length; offset += pieceLength)
        {
            hashes.AddRange(SHA1.HashData(data.AsSpan(offset, Math.Min(pieceLength, data.Length - offset))));
        }

        return [.. hashes];
    }

    /// <summary>Adds the v2 keys (meta version, file tree) to <paramref name="info"/> and returns the piece layers dictionary.</summary>
    public static BDictionary AddV2(ref BDictionary info, string name, IReadOnlyList<FileSpec> files, int pieceLength, bool single)
    {
        var layers = new List<KeyValuePair<BString, BValue>>();
        var tree = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var entries = new List<(string, BValue)> { ("length", file.Data.Length) };
            if (file.Data.Length > 0)
            {
                var merkle = MerkleTreeTests.NaiveLayers(file.Data);
                var root = merkle[^1][0];
                entries.Add(("pieces root", root));
                if (file.Data.Length > pieceLength)
                {
                    var level = (int)Math.Log2(pieceLength / (16 * 1024));
                    var count = (file.Data.Length + pieceLength - 1) / pieceLength;
                    var layer = merkle[level].Take(count).SelectMany(h => h).ToArray();
                    if (!layers.Any(l => l.Key.Span.SequenceEqual(root)))
                    {
                        layers.Add(new(new BString(root), new BString(layer)));
                    }
                }
            }

            var node = tree;
            var path = single ? file.Path : file.Path;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (!node.TryGetValue(path[i], out var child))
                {
                    child = new Dictionary<string, object>(StringComparer.Ordinal);
                    node[path[i]] = child;
                }

                node = (Dictionary<string, object>)child;
            }

            node[path[^1]] = BDictionary.From((string.Empty, BDictionary.From([.. entries])));
        }

        info = info.With("meta version", 2).With("file tree", ToBValue(tree));
        return new BDictionary(layers);
    }

    public static byte[] TorrentFile(BDictionary info, BDictionary? layers = null, params (string Key, BValue Value)[] extra)
    {
        var entries = new List<(string, BValue)> { ("info", info) };
        if (layers is not null && layers.Count > 0)
        {
            entries.Add(("piece layers", layers));
        }

        entries.AddRange(extra);
        return BDictionary.From([.. entries]).Encode();
    }

    public static IReadOnlyList<FileSpec> SampleFiles() =>
    [
        File("a.bin", 40_000, 1),
        File("dir/b.bin", 70_000, 2),
        File("dir/empty.txt", 0, 3),
        File("dir/sub/c.bin", 16_384, 4),
        File("z.bin", 5, 5),
    ];

    public static byte[] V1Multi(int pieceLength = 32 * 1024) => TorrentFile(V1Info("sample", SampleFiles(), pieceLength, single: false));

    public static byte[] Hybrid(int pieceLength = 32 * 1024, string name = "sample")
    {
        var files = SampleFiles();
        var info = V1Info(name, files, pieceLength, single: false, pad: true);
        var layers = AddV2(ref info, name, files, pieceLength, single: false);
        return TorrentFile(info, layers, ("announce", "http://127.0.0.1/announce"));
    }

    public static byte[] V2Multi(int pieceLength = 32 * 1024)
    {
        var info = BDictionary.From(("name", "sample"), ("piece length", pieceLength));
        var layers = AddV2(ref info, "sample", SampleFiles(), pieceLength, single: false);
        return TorrentFile(info, layers);
    }

    public static byte[] Mutate(byte[] seed, Random random) => BencodeDecoderTests.Mutate(seed, random);

    private static BValue ToBValue(object node) => node switch
    {
        BValue value => value,
        Dictionary<string, object> children => new BDictionary(children.Select(c => new KeyValuePair<BString, BValue>(new BString(c.Key), ToBValue(c.Value)))),
        _ => throw new InvalidOperationException(),
    };
}
