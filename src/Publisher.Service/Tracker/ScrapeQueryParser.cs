using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>Parses the raw query of an HTTP scrape (BEP 48): one or more <c>info_hash</c> values, other parameters ignored.</summary>
internal static class ScrapeQueryParser
{
    /// <summary>Fills <paramref name="hashes"/> (at most <see cref="ProtocolLimits.TrackerServerMaxScrapeHashes"/>) and sets <paramref name="count"/>.</summary>
    public static TrackerFailure Parse(ReadOnlySpan<char> query, Span<TrackerInfoHash> hashes, out int count)
    {
        count = 0;
        if (query.Length > ProtocolLimits.TrackerServerMaxQueryChars)
        {
            return TrackerFailure.MalformedQuery;
        }

        Span<byte> scratch = stackalloc byte[TrackerInfoHash.Length + 1];
        var parameters = 0;
        var position = 0;
        while (position < query.Length)
        {
            var end = query[position..].IndexOf('&');
            end = end < 0 ? query.Length : position + end;
            var pair = query[position..end];
            position = end + 1;
            if (pair.IsEmpty)
            {
                continue;
            }

            if (++parameters > ProtocolLimits.TrackerServerMaxQueryParameters)
            {
                return TrackerFailure.TooManyParameters;
            }

            var equals = pair.IndexOf('=');
            if (equals < 0 || !pair[..equals].SequenceEqual("info_hash"))
            {
                continue;
            }

            if (count == hashes.Length)
            {
                return TrackerFailure.TooManyInfoHashes;
            }

            var failure = AnnounceQueryParser.ReadHash(pair[(equals + 1)..], scratch, TrackerFailure.InvalidInfoHash, out hashes[count]);
            if (failure != TrackerFailure.None)
            {
                return failure;
            }

            count++;
        }

        return count == 0 ? TrackerFailure.FullScrapeRefused : TrackerFailure.None;
    }
}
