using System.Security.Cryptography;
using Publisher.Torrent.Bencoding;

namespace Publisher.Service.Tests.Testing;

/// <summary>Small v1 .torrent files built with our bencode encoder, for publishing tests.</summary>
internal static class TestTorrents
{
    private const int PieceLength = 16 * 1024;

    /// <summary>A single-file torrent over <paramref name="length"/> pseudo-random bytes from <paramref name="seed"/>.</summary>
    public static byte[] SingleFile(string name, int length, int seed)
    {
        var data = Data(length, seed);
        var info = BDictionary.From(("length", (long)length), ("name", name), ("piece length", (long)PieceLength), ("pieces", PieceHashes(data)));
        return BencodeEncoder.Encode(BDictionary.From(("created by", "tests"), ("info", info)));
    }

    /// <summary>A multi-file torrent whose files have the given path components (not validated here: for hostile cases too).</summary>
    public static byte[] MultiFile(string name, int seed, params (string[] Path, int Length)[] files)
    {
        var total = files.Sum(f => f.Length);
        var data = Data(total, seed);
        var list = new List<BValue>();
        foreach (var (path, length) in files)
        {
            list.Add(BDictionary.From(("length", (long)length), ("path", new BList(path.Select(p => (BValue)p)))));
        }

        var info = BDictionary.From(("files", new BList(list)), ("name", name), ("piece length", (long)PieceLength), ("pieces", PieceHashes(data)));
        return BencodeEncoder.Encode(BDictionary.From(("info", info)));
    }

    private static byte[] Data(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static byte[] PieceHashes(byte[] data)
    {
        var count = (data.Length + PieceLength - 1) / PieceLength;
        var hashes = new byte[count * 20];
        for (var i = 0; i < count; i++)
        {
            var start = i * PieceLength;
            SHA1.HashData(data.AsSpan(start, Math.Min(PieceLength, data.Length - start)), hashes.AsSpan(i * 20, 20));
        }

        return hashes;
    }
}
