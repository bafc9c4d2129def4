using System.Text;

namespace Publisher.Benchmarks.Tracker;

/// <summary>The 10,000 deterministic info hashes the tracker benchmarks announce (opentracker whitelists the same).</summary>
internal static class BenchmarkTorrents
{
    public const int Count = 10_000;

    public static byte[][] Create()
    {
        var random = new Random(20261121);
        var hashes = new byte[Count][];
        for (var i = 0; i < Count; i++)
        {
            hashes[i] = new byte[20];
            random.NextBytes(hashes[i]);
        }

        return hashes;
    }

    public static string PercentEncode(byte[] hash)
    {
        var builder = new StringBuilder(60);
        foreach (var b in hash)
        {
            builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
