using System.Security.Cryptography;
using Publisher.Torrent.Bencoding;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>A v1 torrent with its payload in memory (BEP 47 pad files optional), for web-seed tests.</summary>
internal sealed class WebSeedTestTorrent
{
    private WebSeedTestTorrent(byte[] torrent, string name, string infoHashHex, int pieceLength, IReadOnlyList<(string Path, byte[] Content)> files, IReadOnlyList<(string Path, long Length)> pads)
    {
        Torrent = torrent;
        Name = name;
        InfoHashHex = infoHashHex;
        PieceLength = pieceLength;
        Files = files;
        Pads = pads;
    }

    public byte[] Torrent { get; }

    public string Name { get; }

    public string InfoHashHex { get; }

    public int PieceLength { get; }

    /// <summary>Payload files by path relative to the download folder (name first for multi-file torrents).</summary>
    public IReadOnlyList<(string Path, byte[] Content)> Files { get; }

    public IReadOnlyList<(string Path, long Length)> Pads { get; }

    public static WebSeedTestTorrent SingleFile(string name, int length, int seed, int pieceLength = 16 * 1024)
    {
        var content = Random(length, seed);
        var info = BDictionary.From(("length", (long)length), ("name", name), ("piece length", (long)pieceLength), ("pieces", PieceHashes(content, pieceLength)));
        return new WebSeedTestTorrent(Encode(info), name, Hash(info), pieceLength, [(name, content)], []);
    }

    public static WebSeedTestTorrent MultiFile(string name, bool pad, int seed, int pieceLength, params (string[] Path, int Length)[] files)
    {
        var entries = new List<BValue>();
        var payload = new List<(string, byte[])>();
        var pads = new List<(string, long)>();
        using var all = new MemoryStream();
        for (var i = 0; i < files.Length; i++)
        {
            var (path, length) = files[i];
            var content = Random(length, seed + i);
            all.Write(content);
            entries.Add(BDictionary.From(("length", (long)length), ("path", new BList(path.Select(p => (BValue)p)))));
            payload.Add((name + "/" + string.Join('/', path), content));
            var rest = length % pieceLength;
            if (pad && i < files.Length - 1 && rest != 0)
            {
                var padLength = pieceLength - rest;
                all.Write(new byte[padLength]);
                var padPath = new[] { ".pad", padLength.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                entries.Add(BDictionary.From(("attr", "p"), ("length", (long)padLength), ("path", new BList(padPath.Select(p => (BValue)p)))));
                pads.Add((name + "/.pad/" + padPath[1], padLength));
            }
        }

        var info = BDictionary.From(("files", new BList(entries)), ("name", name), ("piece length", (long)pieceLength), ("pieces", PieceHashes(all.ToArray(), pieceLength)));
        return new WebSeedTestTorrent(Encode(info), name, Hash(info), pieceLength, payload, pads);
    }

    private static byte[] Encode(BDictionary info) => BencodeEncoder.Encode(BDictionary.From(("created by", "web-seed tests"), ("info", info)));

    private static string Hash(BDictionary info) => Convert.ToHexStringLower(SHA1.HashData(BencodeEncoder.Encode(info)));

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
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
