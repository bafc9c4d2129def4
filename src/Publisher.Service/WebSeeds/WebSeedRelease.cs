using Publisher.Service.Catalog;

namespace Publisher.Service.WebSeeds;

/// <summary>What the web seed keeps in memory about one release: access, yank state and the BEP 19 path of every file.</summary>
internal sealed class WebSeedRelease
{
    public WebSeedRelease(ReleaseRecord record, string name, bool isSingleFile, long pieceLength, bool hasPadFiles, Dictionary<string, WebSeedFile> files, DateTimeOffset loadedAt)
    {
        Record = record;
        Name = name;
        IsSingleFile = isSingleFile;
        PieceLength = pieceLength;
        HasPadFiles = hasPadFiles;
        Files = files;
        LoadedAt = loadedAt;
    }

    /// <summary>The catalogue's record.</summary>
    public ReleaseRecord Record { get; }

    /// <summary>The torrent's name (the first path component).</summary>
    public string Name { get; }

    /// <summary>True for a single-file torrent.</summary>
    public bool IsSingleFile { get; }

    /// <summary>The torrent's piece length: no pad file is longer.</summary>
    public long PieceLength { get; }

    /// <summary>True when the torrent has BEP 47 pad files (so <c>{name}/.pad/{N}</c> is served as N zeros).</summary>
    public bool HasPadFiles { get; }

    /// <summary>Files by their '/'-separated path relative to the download folder (ordinal).</summary>
    public IReadOnlyDictionary<string, WebSeedFile> Files { get; }

    /// <summary>When this entry was read from the catalogue.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The file at <paramref name="path"/>, or a zero-filled pad file when the path names one; null when neither.</summary>
    public WebSeedFile? Find(string path)
    {
        if (Files.TryGetValue(path, out var file))
        {
            return file;
        }

        return HasPadFiles && TryParsePad(path, out var length) ? new WebSeedFile(string.Empty, length, isPad: true) : null;
    }

    private bool TryParsePad(string path, out long length)
    {
        // {name}/.pad/{N}: the BEP 47 convention; N decimal, 1 to the piece length.
        length = 0;
        var prefixLength = Name.Length + 6;
        if (IsSingleFile || path.Length <= prefixLength || path.Length > prefixLength + WebSeedLimits.MaxPadNameDigits
            || !path.StartsWith(Name, StringComparison.Ordinal) || string.CompareOrdinal(path, Name.Length, "/.pad/", 0, 6) != 0)
        {
            return false;
        }

        var digits = path.AsSpan(prefixLength);
        if (digits[0] == '0')
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            length = (length * 10) + (c - '0');
        }

        return length <= PieceLength;
    }
}
