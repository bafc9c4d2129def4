namespace Publisher.Torrent.Metainfo;

/// <summary>
/// A torrent file, info dictionary or magnet link that is malformed or unsafe. The one exception type the
/// metainfo parsers throw for bad input; malformed bencode surfaces as this too (with the
/// <see cref="Bencoding.BencodeException"/> as <see cref="Exception.InnerException"/>).
/// </summary>
public sealed class InvalidTorrentException : FormatException
{
    /// <summary>Creates an exception with a message a user can act on.</summary>
    public InvalidTorrentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public InvalidTorrentException(string message, Exception innerException)
        : base(message, innerException)
    {
        if (innerException is Bencoding.BencodeException bencode)
        {
            ByteOffset = bencode.Offset;
        }
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public InvalidTorrentException()
        : base("The torrent is invalid.")
    {
    }

    /// <summary>Offset in the input where the problem was found, when known.</summary>
    public long? ByteOffset { get; init; }
}
