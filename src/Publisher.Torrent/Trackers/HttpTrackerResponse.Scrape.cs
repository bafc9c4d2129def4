using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Trackers;

internal static partial class HttpTrackerResponse
{
    public static ScrapeResult ParseScrape(ReadOnlySpan<byte> body, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes)
    {
        try
        {
            return ParseScrapeCore(body, infoHashes);
        }
        catch (BencodeException exception)
        {
            return ScrapeResult.Failed(TrackerFailure.InvalidResponse, $"The scrape reply is not valid bencode: {exception.Message}");
        }
    }

    private static ScrapeResult ParseScrapeCore(ReadOnlySpan<byte> body, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes)
    {
        var reader = new BencodeReader(body, BencodeReaderOptions.Lenient);
        if (!reader.Read() || reader.TokenType != BencodeTokenType.StartDictionary)
        {
            return ScrapeResult.Failed(TrackerFailure.InvalidResponse, "The scrape reply is not a bencoded dictionary.");
        }

        var entries = new ScrapeEntry[infoHashes.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new ScrapeEntry(infoHashes[i], false, 0, 0, 0);
        }

        string? failure = null;
        var sawFiles = false;
        while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
        {
            var key = KeyOf(ref reader);
            reader.Read();
            if (key == Key.FailureReason)
            {
                failure = ReadText(ref reader);
            }
            else if (key == Key.Files && reader.TokenType == BencodeTokenType.StartDictionary)
            {
                sawFiles = true;
                ReadFiles(ref reader, infoHashes, entries);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (failure is not null)
        {
            return ScrapeResult.Failed(TrackerFailure.Rejected, failure);
        }

        return sawFiles ? ScrapeResult.Success(entries) : ScrapeResult.Failed(TrackerFailure.InvalidResponse, "The scrape reply has no 'files' dictionary.");
    }

    /// <summary>Reads the <c>files</c> dictionary (reader on its start) into the entries of requested hashes.</summary>
    private static void ReadFiles(ref BencodeReader reader, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes, ScrapeEntry[] entries)
    {
        while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
        {
            var index = -1;
            for (var i = 0; i < infoHashes.Count; i++)
            {
                if (reader.ValueEquals(infoHashes[i].Span))
                {
                    index = i;
                    break;
                }
            }

            reader.Read();
            if (index < 0 || reader.TokenType != BencodeTokenType.StartDictionary)
            {
                SkipValue(ref reader);
                continue;
            }

            long? complete = null, downloaded = null, incomplete = null;
            while (reader.Read() && reader.TokenType == BencodeTokenType.Key)
            {
                var key = KeyOf(ref reader);
                reader.Read();
                switch (key)
                {
                    case Key.Complete:
                        complete = ReadInteger(ref reader);
                        break;
                    case Key.Downloaded:
                        downloaded = ReadInteger(ref reader);
                        break;
                    case Key.Incomplete:
                        incomplete = ReadInteger(ref reader);
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            entries[index] = new ScrapeEntry(infoHashes[index], true, ToCount(complete) ?? 0, ToCount(downloaded) ?? 0, ToCount(incomplete) ?? 0);
        }
    }
}
