using System.Security.Cryptography;
using Publisher.Torrent.Bencoding;

namespace Publisher.Interop.Tests.WebSeedServer;

/// <summary>
/// A v1 torrent over files written to a source folder, with BEP 47 pad files between multi-file entries when asked
/// (so clients that are not pad-aware, like aria2 and Transmission, request <c>.pad/N</c> from the web seed).
/// </summary>
internal sealed class InteropTorrent
{
    private InteropTorrent(byte[] torrent, string name, IReadOnlyList<string> paths)
    {
        Torrent = torrent;
        Name = name;
        Paths = paths;
    }

    public byte[] Torrent { get; }

    public string Name { get; }

    /// <summary>Payload files relative to the download folder, '/'-separated (name first for multi-file torrents).</summary>
    public IReadOnlyList<string> Paths { get; }

    public static InteropTorrent SingleFile(string sourceRoot, string name, int length, int seed, int pieceLength)
    {
        var content = Write(sourceRoot, name, length, seed);
        var info = BDictionary.From(("length", (long)length), ("name", name), ("piece length", (long)pieceLength), ("pieces", PieceHashes(content, pieceLength)));
        return new InteropTorrent(BencodeEncoder.Encode(BDictionary.From(("info", info))), name, [name]);
    }

    public static InteropTorrent MultiFile(string sourceRoot, string name, int seed, int pieceLength, params (string Path, int Length)[] files)
    {
        var entries = new List<BValue>();
        var paths = new List<string>();
        using var all = new MemoryStream();
        for (var i = 0; i < files.Length; i++)
        {
            var (path, length) = files[i];
            all.Write(Write(sourceRoot, name + "/" + path, length, seed + i));
            entries.Add(BDictionary.From(("length", (long)length), ("path", new BList(path.Split('/').Select(p => (BValue)p)))));
            paths.Add(name + "/" + path);
            var rest = length % pieceLength;
            if (i < files.Length - 1 && rest != 0)
            {
                var pad = pieceLength - rest;
                all.Write(new byte[pad]);
                var padName = pad.ToString(System.Globalization.CultureInfo.InvariantCulture);
                entries.Add(BDictionary.From(("attr", "p"), ("length", (long)pad), ("path", new BList([".pad", padName]))));
            }
        }

        var info = BDictionary.From(("files", new BList(entries)), ("name", name), ("piece length", (long)pieceLength), ("pieces", PieceHashes(all.ToArray(), pieceLength)));
        return new InteropTorrent(BencodeEncoder.Encode(BDictionary.From(("info", info))), name, paths);
    }

    private static byte[] Write(string root, string relative, int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return content;
    }

    private static byte[] PieceHashes(byte[] data, int pieceLength)
    {
        var count = (data.Length + pieceLength - 1) / pieceLength;
        var hashes = new byte[count * 20];
        for (var i = 0; i < count; i++)
        {
            var start = i * pieceLength;
            SHA1.HashData(data.AsSpan(start, Math.Min(pieceLength, data.Length - start)), hashes.AsSpan(i * 20, 20));
        }

        return hashes;
    }
}
