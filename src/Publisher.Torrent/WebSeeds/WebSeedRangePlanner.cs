using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Cuts piece-space ranges into per-file segments (<see cref="Split"/>) and cuts a torrent into runs of whole
/// consecutive pieces to fetch with one request per file touched (<see cref="PiecesPerRun"/>).
/// </summary>
internal static class WebSeedRangePlanner
{
    /// <summary>The index of the file holding piece-space byte <paramref name="offset"/>, skipping empty files.</summary>
    public static int FileAt(IReadOnlyList<TorrentFile> files, long offset)
    {
        var low = 0;
        var high = files.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (files[middle].Offset <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        // Empty files share their offset with the next file: move past them.
        while (low < files.Count - 1 && files[low].EndOffset <= offset)
        {
            low++;
        }

        return low;
    }

    /// <summary>
    /// Splits <paramref name="length"/> bytes of the piece space at <paramref name="offset"/> into per-file
    /// segments, in order, appended to <paramref name="segments"/> (which is cleared first).
    /// </summary>
    public static void Split(TorrentInfo torrent, long offset, int length, List<WebSeedSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (offset + length > torrent.TotalSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "The range runs past the end of the torrent.");
        }

        segments.Clear();
        var files = torrent.Files;
        var position = offset;
        var bufferOffset = 0;
        var remaining = length;
        var index = remaining > 0 ? FileAt(files, position) : files.Count;
        while (remaining > 0)
        {
            var file = files[index];
            var inFile = position - file.Offset;
            var count = (int)Math.Min(remaining, file.Length - inFile);
            if (count > 0)
            {
                segments.Add(new WebSeedSegment(index, inFile, count, bufferOffset, file.IsPadFile));
                bufferOffset += count;
                remaining -= count;
                position += count;
            }

            index++;
        }
    }

    /// <summary>
    /// How many pieces one run fetches: as many as fit in <paramref name="maxRunBytes"/> (at least one), and few
    /// enough that every one of <paramref name="connections"/> gets about two runs to work on.
    /// </summary>
    public static int PiecesPerRun(TorrentInfo torrent, int connections, int maxRunBytes)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var byLimit = Math.Max(1, maxRunBytes / torrent.PieceLength);
        var bySpread = Math.Max(1, torrent.PieceCount / (connections * 2));
        return Math.Min(byLimit, bySpread);
    }
}
