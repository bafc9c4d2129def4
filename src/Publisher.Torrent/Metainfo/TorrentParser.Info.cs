using System.Numerics;
using System.Runtime.CompilerServices;
using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo;

internal static partial class TorrentParser
{
    private static TorrentData BuildData(BDictionary info, ReadOnlyMemory<byte> infoBytes, BDictionary? pieceLayers, bool requirePieceLayers)
    {
        var name = info.TryGetValue("name.utf-8", out var utf8Name) && utf8Name is BString s && s.TryGetUtf8(out var n)
            ? n
            : RequireText(info.TryGetValue("name", out var nameValue) ? nameValue : null, "'name'");
        TorrentPathRules.Validate([name], "the name");
        var pieceLength = (int)RequireInteger(info, "piece length", "info dictionary", ProtocolLimits.MinPieceLengthV1, ProtocolLimits.MaxPieceLength);
        var isPrivate = info.TryGet<BInteger>("private", out var privateFlag) && privateFlag.Value == 1;

        var hasV2 = false;
        if (info.TryGetValue("meta version", out var metaVersion))
        {
            if (metaVersion is not BInteger { Value: 1 or 2 } version)
            {
                throw new InvalidTorrentException("The torrent uses an unsupported 'meta version' (only 1 and 2 exist). Update the program or ask for a v1 or v2 torrent.");
            }

            hasV2 = version.Value == 2;
        }

        var hasV1 = info.ContainsKey("pieces");
        if (!hasV1 && !hasV2)
        {
            throw new InvalidTorrentException($"The torrent has neither v1 'pieces' nor v2 'meta version' 2 with a 'file tree'. {Damaged}");
        }

        if (hasV2 && (pieceLength < ProtocolLimits.MinPieceLengthV2 || !BitOperations.IsPow2(pieceLength)))
        {
            throw new InvalidTorrentException($"The v2 torrent's piece length {pieceLength} is not a power of two of at least 16 KiB (BEP 52). {Damaged}");
        }

        TorrentFile[]? v1Files = null;
        var v1Total = 0L;
        var v1Single = false;
        var v1Count = 0;
        var pieces = ReadOnlyMemory<byte>.Empty;
        if (hasV1)
        {
            v1Files = ReadV1Files(info, name, out v1Total, out v1Single);
            v1Count = CheckPieceCount((v1Total + pieceLength - 1) / pieceLength);
            pieces = info["pieces"] is BString piecesString
                ? piecesString.Value
                : throw new InvalidTorrentException($"The torrent's 'pieces' is not a string. {Damaged}");
            if (pieces.Length != (long)v1Count * InfoHash.V1Length)
            {
                throw new InvalidTorrentException($"The torrent's 'pieces' holds {pieces.Length} bytes, but {v1Total} bytes in pieces of {pieceLength} need {v1Count} hashes of 20 bytes ({(long)v1Count * InfoHash.V1Length} bytes). {Damaged}");
            }
        }

        TorrentFile[]? v2Files = null;
        var v2Single = false;
        var v2Count = 0;
        var hasLayers = true;
        if (hasV2)
        {
            v2Files = ReadV2Files(info, name, pieceLength, hasV1 ? v1Single : null, out v2Single);
            long pieceSum = 0;
            foreach (var file in v2Files)
            {
                pieceSum += (file.Length + pieceLength - 1) / pieceLength;
            }

            v2Count = CheckPieceCount(pieceSum);
            hasLayers = AttachPieceLayers(v2Files, pieceLength, pieceLayers, requirePieceLayers);
        }

        TorrentFile[] files;
        TorrentVersion kind;
        if (hasV1 && hasV2)
        {
            files = MatchHybrid(v1Files!, v2Files!, pieceLength);
            if (v1Count != v2Count)
            {
                throw new InvalidTorrentException($"The hybrid torrent has {v1Count} v1 pieces but {v2Count} v2 pieces; its v1 and v2 parts describe different data. {Damaged}");
            }

            kind = TorrentVersion.Hybrid;
        }
        else
        {
            files = v1Files ?? WithPadFiles(v2Files!, name, pieceLength);
            kind = hasV1 ? TorrentVersion.V1 : TorrentVersion.V2;
        }

        CheckUniquePaths(files);
        var total = hasV1 ? v1Total : (long)v2Count * pieceLength;
        if (total == 0)
        {
            throw new InvalidTorrentException("The torrent holds no data (every file is empty); there is nothing to download.");
        }

        return new TorrentData
        {
            Version = kind,
            InfoHashes = new InfoHashes(hasV1 ? InfoHash.ComputeV1(infoBytes.Span) : null, hasV2 ? InfoHash.ComputeV2(infoBytes.Span) : null),
            Name = name,
            PieceLength = pieceLength,
            TotalSize = total,
            PieceCount = hasV1 ? v1Count : v2Count,
            Files = files,
            PieceHashesV1 = pieces,
            HasPieceLayers = hasLayers,
            IsPrivate = isPrivate,
            IsSingleFile = hasV1 ? v1Single : v2Single,
            InfoBytes = infoBytes,
        };
    }

    private static int CheckPieceCount(long count)
    {
        if (count > ProtocolLimits.MaxPieceCount)
        {
            throw new InvalidTorrentException($"The torrent has {count} pieces; at most {ProtocolLimits.MaxPieceCount} are accepted (use larger pieces).");
        }

        return (int)count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TorrentFile[] ReadV1Files(BDictionary info, string name, out long total, out bool single)
    {
        var hasFiles = info.TryGetValue("files", out var filesValue);
        var hasLength = info.ContainsKey("length");
        if (hasFiles == hasLength)
        {
            throw new InvalidTorrentException($"The torrent's info dictionary must have exactly one of 'length' (one file) and 'files' (a folder). {Damaged}");
        }

        if (hasLength)
        {
            single = true;
            total = RequireInteger(info, "length", "info dictionary", 0, ProtocolLimits.MaxTorrentTotalSize);
            return [new TorrentFile([name], total, 0, ReadAttributes(info, "the file"), ReadOnlyMemory<byte>.Empty, null)];
        }

        single = false;
        if (filesValue is not BList list || list.Count == 0)
        {
            throw new InvalidTorrentException($"The torrent's 'files' is not a non-empty list. {Damaged}");
        }

        if (list.Count > ProtocolLimits.MaxTorrentFileCount)
        {
            throw new InvalidTorrentException($"The torrent lists {list.Count} files; at most {ProtocolLimits.MaxTorrentFileCount} are accepted.");
        }

        var files = new TorrentFile[list.Count];
        long offset = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var what = $"file #{i + 1}";
            if (list[i] is not BDictionary entry)
            {
                throw new InvalidTorrentException($"The torrent's {what} is not a dictionary. {Damaged}");
            }

            var length = RequireInteger(entry, "length", what, 0, ProtocolLimits.MaxTorrentTotalSize);
            var components = entry.TryGetValue("path.utf-8", out var utf8Path) && TryReadPath(utf8Path, what) is { } fromUtf8
                ? fromUtf8
                : ReadPath(entry.TryGetValue("path", out var pathValue) ? pathValue : null, what);
            components.Insert(0, name);
            TorrentPathRules.Validate(components, what);
            var attributes = ReadAttributes(entry, what);
            var symlink = ReadSymlink(entry, attributes, what);
            files[i] = new TorrentFile(components.AsReadOnly(), length, offset, attributes, ReadOnlyMemory<byte>.Empty, symlink);
            offset += length;
            if (offset > ProtocolLimits.MaxTorrentTotalSize)
            {
                throw new InvalidTorrentException($"The torrent's files add up to more than {ProtocolLimits.MaxTorrentTotalSize} bytes; it is refused.");
            }
        }

        total = offset;
        return files;
    }

    private static List<string>? TryReadPath(BValue value, string what)
    {
        try
        {
            return ReadPath(value, what);
        }
        catch (InvalidTorrentException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string>? ReadSymlink(BDictionary entry, string attributes, string what)
    {
        if (!attributes.Contains('l', StringComparison.Ordinal))
        {
            return null;
        }

        var target = ReadPath(entry.TryGetValue("symlink path", out var value) ? value : null, $"symlink target of {what}");
        TorrentPathRules.Validate(target, $"a symlink target in {what}");
        return target.AsReadOnly();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckUniquePaths(TorrentFile[] files)
    {
        var filePaths = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.IsPadFile)
            {
                continue;
            }

            var path = file.PathString;
            if (!filePaths.Add(path) || folders.Contains(path))
            {
                throw new InvalidTorrentException($"The torrent has two entries at '{TorrentPathRules.Describe(file.Path)}'; one would overwrite the other. {Damaged}");
            }

            var prefix = file.Path[0];
            for (var i = 1; i < file.Path.Count; i++)
            {
                if (filePaths.Contains(prefix))
                {
                    throw new InvalidTorrentException($"The torrent has '{prefix}' both as a file and as a folder. {Damaged}");
                }

                folders.Add(prefix);
                prefix = prefix + "/" + file.Path[i];
            }
        }
    }
}
