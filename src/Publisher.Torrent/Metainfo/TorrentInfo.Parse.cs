using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo;

public sealed partial class TorrentInfo
{
    /// <summary>Parses and validates a .torrent file's bytes (not copied: do not change them afterwards).</summary>
    /// <exception cref="InvalidTorrentException">Malformed, inconsistent or unsafe.</exception>
    public static TorrentInfo Parse(ReadOnlyMemory<byte> torrentFile)
    {
        var (data, metadata) = TorrentParser.ParseFile(torrentFile);
        return new TorrentInfo(data, metadata);
    }

    /// <summary>Parses and validates a .torrent file's bytes.</summary>
    /// <exception cref="InvalidTorrentException">Malformed, inconsistent or unsafe.</exception>
    public static TorrentInfo Parse(byte[] torrentFile)
    {
        ArgumentNullException.ThrowIfNull(torrentFile);
        return Parse(new ReadOnlyMemory<byte>(torrentFile));
    }

    /// <summary>Reads, parses and validates the .torrent file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidTorrentException">Malformed, inconsistent, unsafe, or larger than <see cref="ProtocolLimits.MaxTorrentFileBytes"/>.</exception>
    public static TorrentInfo Load(string path)
    {
        using var stream = OpenTorrentFile(path, out var length);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return Parse(bytes);
    }

    /// <summary>Reads, parses and validates the .torrent file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidTorrentException">Malformed, inconsistent, unsafe, or too large.</exception>
    public static async Task<TorrentInfo> LoadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenTorrentFile(path, out var length);
        var bytes = new byte[length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return Parse(bytes);
    }

    /// <summary>
    /// Builds a torrent from a bare info dictionary, as received from peers (BEP 9) after a magnet link.
    /// A v2 torrent built this way has no piece layers (<see cref="HasPieceLayers"/> is false).
    /// </summary>
    /// <exception cref="InvalidTorrentException">Malformed, inconsistent or unsafe.</exception>
    public static TorrentInfo FromInfoBytes(ReadOnlyMemory<byte> infoBytes, TorrentMetadata? metadata = null)
    {
        var data = TorrentParser.ParseInfoOnly(infoBytes, pieceLayers: null, requirePieceLayers: false);
        return new TorrentInfo(data, TorrentParser.ValidateMetadata(metadata ?? new TorrentMetadata()));
    }

    /// <summary>
    /// Builds a torrent from info-dictionary bytes written by a creator, plus its piece layers for v2
    /// (a dictionary from each file's 32-byte pieces root to its concatenated piece hashes, as in a .torrent
    /// file) and the fields outside the info dictionary.
    /// </summary>
    /// <exception cref="InvalidTorrentException">The info dictionary or piece layers are inconsistent or unsafe.</exception>
    public static TorrentInfo Create(ReadOnlyMemory<byte> infoBytes, TorrentMetadata? metadata = null, BDictionary? pieceLayers = null)
    {
        var data = TorrentParser.ParseInfoOnly(infoBytes, pieceLayers, requirePieceLayers: true);
        return new TorrentInfo(data, TorrentParser.ValidateMetadata(metadata ?? new TorrentMetadata()));
    }

    private static FileStream OpenTorrentFile(string path, out int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (stream.Length > ProtocolLimits.MaxTorrentFileBytes)
        {
            var size = stream.Length;
            stream.Dispose();
            throw new InvalidTorrentException($"'{path}' is {size} bytes; torrent files larger than {ProtocolLimits.MaxTorrentFileBytes} bytes are refused.");
        }

        length = (int)stream.Length;
        return stream;
    }
}
