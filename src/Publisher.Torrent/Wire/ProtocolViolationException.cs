namespace Publisher.Torrent.Wire;

/// <summary>
/// A peer sent bytes that break the wire protocol. Thrown by message handlers (for violations only they can see,
/// such as a request beyond the end of a piece) and caught by the connection, which closes that peer; it never
/// reaches an embedding application.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/> with a message saying what the peer did.</summary>
    public ProtocolViolationException(WireViolation violation, string message)
        : base(message)
    {
        Violation = violation;
    }

    /// <summary>Creates the exception with a generic violation.</summary>
    public ProtocolViolationException()
        : this(WireViolation.BadMessageLength, "The peer broke the wire protocol.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProtocolViolationException(string message)
        : this(WireViolation.BadMessageLength, message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violation = WireViolation.BadMessageLength;
    }

    /// <summary>What the peer did wrong.</summary>
    public WireViolation Violation { get; }
}
