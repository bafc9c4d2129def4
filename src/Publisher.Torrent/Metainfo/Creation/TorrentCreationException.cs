namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// A torrent cannot be created from the given input: the path does not exist, holds no data, a file
/// changed while it was being hashed, or an option is out of range. The message says what to fix.
/// </summary>
public sealed class TorrentCreationException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    public TorrentCreationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public TorrentCreationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public TorrentCreationException()
        : base("The torrent could not be created.")
    {
    }
}
