namespace Publisher.Service.WebSeeds;

/// <summary>
/// Where a release's payload lives in the blob store: <c>releases/{hash}/</c> followed by the file's web-seed path,
/// i.e. <c>releases/{hash}/{name}</c> for a single-file torrent and <c>releases/{hash}/{name}/{path}</c> for a
/// multi-file one, where <c>{hash}</c> is the 20-byte tracker info hash (v1, else truncated v2) in lowercase hex.
/// The publish path writes payloads under these keys and the web seed reads them; nothing else may build them.
/// </summary>
internal static class ReleaseBlobKeys
{
    /// <summary>The top-level folder of release payloads.</summary>
    public const string Root = "releases";

    /// <summary>The key prefix of every file of the release (ends with '/').</summary>
    public static string Prefix(string trackerInfoHashHex)
    {
        CheckHash(trackerInfoHashHex);
        return string.Concat(Root, "/", trackerInfoHashHex, "/");
    }

    /// <summary>
    /// The key of one file, from its '/'-separated path relative to the download folder (the torrent's
    /// <c>TorrentFile.PathString</c>: the name for a single-file torrent, name/path... for a multi-file one).
    /// </summary>
    public static string ForFile(string trackerInfoHashHex, string torrentPath)
    {
        CheckHash(trackerInfoHashHex);
        ArgumentException.ThrowIfNullOrEmpty(torrentPath);
        return string.Concat(Root, "/", trackerInfoHashHex, "/", torrentPath);
    }

    private static void CheckHash(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 40)
        {
            throw new ArgumentException("A tracker info hash is 40 lowercase hexadecimal digits.", nameof(hex));
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                throw new ArgumentException("A tracker info hash is 40 lowercase hexadecimal digits.", nameof(hex));
            }
        }
    }
}
