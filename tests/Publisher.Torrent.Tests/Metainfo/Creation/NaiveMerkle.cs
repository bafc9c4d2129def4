using System.Security.Cryptography;

namespace Publisher.Torrent.Tests.Metainfo.Creation;

/// <summary>A slow, obviously-correct BEP 52 reference used to check the real implementation.</summary>
internal static class NaiveMerkle
{
    public static byte[] FileRoot(byte[] data)
    {
        var leaves = Leaves(data, 0, data.Length);
        var width = 1;
        while (width < leaves.Count)
        {
            width *= 2;
        }

        return Reduce(leaves, width);
    }

    public static byte[] PieceLayer(byte[] data, int pieceLength)
    {
        using var layer = new MemoryStream();
        for (var offset = 0; offset < data.Length; offset += pieceLength)
        {
            var leaves = Leaves(data, offset, Math.Min(pieceLength, data.Length - offset));
            layer.Write(Reduce(leaves, pieceLength / 16384));
        }

        return layer.ToArray();
    }

    private static List<byte[]> Leaves(byte[] data, int start, int length)
    {
        var leaves = new List<byte[]>();
        for (var offset = 0; offset < length; offset += 16384)
        {
            leaves.Add(SHA256.HashData(data.AsSpan(start + offset, Math.Min(16384, length - offset))));
        }

        return leaves;
    }

    private static byte[] Reduce(List<byte[]> leaves, int width)
    {
        var row = new List<byte[]>(leaves);
        while (row.Count < width)
        {
            row.Add(new byte[32]);
        }

        while (row.Count > 1)
        {
            var next = new List<byte[]>();
            for (var i = 0; i < row.Count; i += 2)
            {
                next.Add(SHA256.HashData([.. row[i], .. row[i + 1]]));
            }

            row = next;
        }

        return row[0];
    }
}
