using System.Buffers;
using Publisher.Torrent.Bencoding;

namespace Publisher.Service.Tracker;

/// <summary>The answers off the announce hot path (failure reasons, scrapes), encoded with the engine's <see cref="BencodeWriter"/>.</summary>
internal static class TrackerBencodeAnswers
{
    private static readonly byte[] FailureReason = "failure reason"u8.ToArray();
    private static readonly byte[] Files = "files"u8.ToArray();
    private static readonly byte[] Complete = "complete"u8.ToArray();
    private static readonly byte[] Downloaded = "downloaded"u8.ToArray();
    private static readonly byte[] Incomplete = "incomplete"u8.ToArray();

    public static void WriteFailure(IBufferWriter<byte> output, string message)
    {
        var writer = new BencodeWriter(output);
        writer.WriteStartDictionary();
        writer.WriteKey(FailureReason);
        writer.WriteString(message);
        writer.WriteEnd();
    }

    /// <summary>BEP 48: <c>files</c> keyed by raw info hash; <paramref name="entries"/> must be sorted and distinct.</summary>
    public static void WriteScrape(IBufferWriter<byte> output, ReadOnlySpan<SwarmStatistics> entries)
    {
        var writer = new BencodeWriter(output);
        Span<byte> hash = stackalloc byte[TrackerInfoHash.Length];
        writer.WriteStartDictionary();
        writer.WriteKey(Files);
        writer.WriteStartDictionary();
        foreach (var entry in entries)
        {
            entry.InfoHash.CopyTo(hash);
            writer.WriteKey(hash);
            writer.WriteStartDictionary();
            writer.WriteKey(Complete);
            writer.WriteInteger(entry.Seeders);
            writer.WriteKey(Downloaded);
            writer.WriteInteger(entry.Completed);
            writer.WriteKey(Incomplete);
            writer.WriteInteger(entry.Leechers);
            writer.WriteEnd();
        }

        writer.WriteEnd();
        writer.WriteEnd();
    }
}
