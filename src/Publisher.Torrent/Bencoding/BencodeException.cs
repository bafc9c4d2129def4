namespace Publisher.Torrent.Bencoding;

/// <summary>
/// Malformed bencode: carries the byte offset where the problem was found and what was expected there.
/// The only exception the bencode reader and decoder throw for bad input.
/// </summary>
public sealed class BencodeException : FormatException
{
    /// <summary>Creates an exception for <paramref name="error"/> at <paramref name="offset"/>.</summary>
    public BencodeException(BencodeError error, int offset, string expected)
        : base($"Invalid bencode at byte {offset}: expected {expected} ({error}).")
    {
        Error = error;
        Offset = offset;
        Expected = expected;
    }

    /// <summary>Creates an exception with a message only (for serializers and tests).</summary>
    public BencodeException()
        : this(BencodeError.UnexpectedByte, 0, "a bencoded value")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public BencodeException(string message)
        : base(message)
    {
        Expected = message;
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public BencodeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expected = message;
    }

    /// <summary>The kind of problem.</summary>
    public BencodeError Error { get; }

    /// <summary>Offset, in bytes from the start of the input, where the problem was found.</summary>
    public int Offset { get; }

    /// <summary>What the reader expected at <see cref="Offset"/>, in words.</summary>
    public string Expected { get; }

    /// <summary>True when the input was a valid prefix that ended too early (more bytes would help).</summary>
    public bool IsIncomplete => Error == BencodeError.UnexpectedEndOfInput;
}
