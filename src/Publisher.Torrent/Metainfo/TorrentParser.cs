using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo;

/// <summary>
/// Turns untrusted .torrent bytes into <see cref="TorrentData"/> and <see cref="TorrentMetadata"/>, checking
/// every limit, every path and every hash relationship. All failures are <see cref="InvalidTorrentException"/>.
/// </summary>
internal static partial class TorrentParser
{
    private const string Damaged = "The torrent is damaged or was not made correctly.";

    public static (TorrentData Data, TorrentMetadata Metadata) ParseFile(ReadOnlyMemory<byte> bytes)
    {
        CheckSize(bytes.Length, "The torrent file");
        var root = DecodeDictionary(bytes, "The file");
        if (!root.TryGetValue("info", out var infoValue))
        {
            throw new InvalidTorrentException("The file has no 'info' dictionary: it is not a torrent file, or it is damaged.");
        }

        if (infoValue is not BDictionary info)
        {
            throw new InvalidTorrentException($"The torrent's 'info' entry is not a dictionary. {Damaged}");
        }

        BDictionary? layers = null;
        if (root.TryGetValue("piece layers", out var layersValue))
        {
            layers = layersValue as BDictionary ?? throw new InvalidTorrentException($"The torrent's 'piece layers' entry is not a dictionary. {Damaged}");
        }

        var data = BuildData(info, info.Source, layers, requirePieceLayers: false);
        return (data, ReadMetadata(root));
    }

    public static TorrentData ParseInfoOnly(ReadOnlyMemory<byte> infoBytes, BDictionary? pieceLayers, bool requirePieceLayers)
    {
        CheckSize(infoBytes.Length, "The info dictionary");
        var info = DecodeDictionary(infoBytes, "The info dictionary");
        return BuildData(info, infoBytes, pieceLayers, requirePieceLayers);
    }

    /// <summary>Checks metadata given by code and returns a copy whose lists cannot change afterwards.</summary>
    public static TorrentMetadata ValidateMetadata(TorrentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var count = 0;
        var tiers = new List<IReadOnlyList<string>>();
        foreach (var tier in metadata.Trackers)
        {
            ArgumentNullException.ThrowIfNull(tier, nameof(metadata));
            var copy = new List<string>();
            foreach (var url in tier)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(url, nameof(metadata));
                copy.Add(url);
                count++;
            }

            if (copy.Count > 0)
            {
                tiers.Add(copy.AsReadOnly());
            }
        }

        var webSeeds = new List<string>();
        foreach (var url in metadata.WebSeeds)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(url, nameof(metadata));
            webSeeds.Add(url);
        }

        if (count > ProtocolLimits.MaxTorrentUrlCount || webSeeds.Count > ProtocolLimits.MaxTorrentUrlCount)
        {
            throw new ArgumentException($"At most {ProtocolLimits.MaxTorrentUrlCount} trackers and web seeds each.", nameof(metadata));
        }

        return metadata with { Trackers = tiers.AsReadOnly(), WebSeeds = webSeeds.AsReadOnly() };
    }

    private static void CheckSize(int length, string what)
    {
        if (length > ProtocolLimits.MaxTorrentFileBytes)
        {
            throw new InvalidTorrentException($"{what} is {length} bytes; at most {ProtocolLimits.MaxTorrentFileBytes} are accepted.");
        }
    }

    private static BDictionary DecodeDictionary(ReadOnlyMemory<byte> bytes, string what)
    {
        BValue value;
        try
        {
            value = BencodeDecoder.Decode(bytes, BencodeReaderOptions.Lenient);
        }
        catch (BencodeException ex)
        {
            throw new InvalidTorrentException($"{what} is not valid bencode ({ex.Message}) It is not a torrent, or it is damaged or truncated.", ex);
        }

        return value as BDictionary ?? throw new InvalidTorrentException($"{what} is not a bencoded dictionary: it is not a torrent.");
    }

    private static TorrentMetadata ReadMetadata(BDictionary root)
    {
        var tiers = new List<IReadOnlyList<string>>();
        var count = 0;
        if (root.TryGet<BList>("announce-list", out var announceList))
        {
            foreach (var tierValue in announceList)
            {
                if (tierValue is not BList tierList)
                {
                    continue;
                }

                var tier = new List<string>();
                foreach (var urlValue in tierList)
                {
                    if (Url(urlValue) is { } url)
                    {
                        tier.Add(url);
                        count++;
                    }
                }

                if (tier.Count > 0)
                {
                    tiers.Add(tier.AsReadOnly());
                }
            }
        }

        if (tiers.Count == 0 && root.TryGetValue("announce", out var announce) && Url(announce) is { } single)
        {
            tiers.Add([single]);
            count++;
        }

        var webSeeds = new List<string>();
        if (root.TryGetValue("url-list", out var urlList))
        {
            if (urlList is BList list)
            {
                foreach (var item in list)
                {
                    if (Url(item) is { } url)
                    {
                        webSeeds.Add(url);
                    }
                }
            }
            else if (Url(urlList) is { } url)
            {
                webSeeds.Add(url);
            }
        }

        if (count > ProtocolLimits.MaxTorrentUrlCount || webSeeds.Count > ProtocolLimits.MaxTorrentUrlCount)
        {
            throw new InvalidTorrentException($"The torrent lists more than {ProtocolLimits.MaxTorrentUrlCount} trackers or web seeds; it is refused.");
        }

        DateTimeOffset? created = null;
        if (root.TryGet<BInteger>("creation date", out var date) && date.Value is >= 0 and <= 253_402_300_799)
        {
            created = DateTimeOffset.FromUnixTimeSeconds(date.Value);
        }

        return new TorrentMetadata
        {
            Trackers = tiers.AsReadOnly(),
            WebSeeds = webSeeds.AsReadOnly(),
            Comment = OptionalText(root, "comment.utf-8") ?? OptionalText(root, "comment"),
            CreatedBy = OptionalText(root, "created by.utf-8") ?? OptionalText(root, "created by"),
            CreationDate = created,
            Encoding = OptionalText(root, "encoding"),
        };
    }

    private static string? Url(BValue value)
    {
        if (value is BString s && s.TryGetUtf8(out var text))
        {
            text = text.Trim();
            return text.Length > 0 ? text : null;
        }

        return null;
    }

    private static string? OptionalText(BDictionary dictionary, string key)
    {
        return dictionary.TryGet<BString>(key, out var value) && value.TryGetUtf8(out var text) ? text : null;
    }

    private static string RequireText(BValue? value, string what)
    {
        if (value is not BString s)
        {
            throw new InvalidTorrentException($"The torrent's {what} is missing or not a string. {Damaged}");
        }

        if (!s.TryGetUtf8(out var text))
        {
            throw new InvalidTorrentException($"The torrent's {what} is not valid UTF-8. {Damaged}");
        }

        return text;
    }

    private static long RequireInteger(BDictionary dictionary, string key, string what, long min, long max)
    {
        if (!dictionary.TryGetValue(key, out var value) || value is not BInteger integer)
        {
            throw new InvalidTorrentException($"The torrent's {what} has no integer '{key}'. {Damaged}");
        }

        if (integer.Value < min || integer.Value > max)
        {
            throw new InvalidTorrentException($"The torrent's {what} has '{key}' = {integer.Value}, outside {min}..{max}. {Damaged}");
        }

        return integer.Value;
    }

    private static string ReadAttributes(BDictionary dictionary, string what)
    {
        if (!dictionary.TryGetValue("attr", out var value))
        {
            return string.Empty;
        }

        var text = RequireText(value, $"'attr' of {what}");
        if (text.Length > 16)
        {
            throw new InvalidTorrentException($"The torrent's 'attr' of {what} is longer than 16 letters. {Damaged}");
        }

        return text;
    }

    private static List<string> ReadPath(BValue? value, string what)
    {
        if (value is not BList list)
        {
            throw new InvalidTorrentException($"The torrent's {what} has no path list. {Damaged}");
        }

        if (list.Count > ProtocolLimits.MaxPathDepth)
        {
            throw new InvalidTorrentException($"The torrent's {what} is nested {list.Count} folders deep; at most {ProtocolLimits.MaxPathDepth} are accepted, so it is refused.");
        }

        var path = new List<string>(list.Count + 1);
        foreach (var item in list)
        {
            path.Add(RequireText(item, $"path of {what}"));
        }

        return path;
    }
}
