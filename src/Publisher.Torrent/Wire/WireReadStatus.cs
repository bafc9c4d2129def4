namespace Publisher.Torrent.Wire;

/// <summary>The outcome of one attempt to parse from a buffer.</summary>
internal enum WireReadStatus
{
    /// <summary>A complete message was parsed; the buffer was advanced past it.</summary>
    Message,

    /// <summary>The buffer holds an incomplete message; read more and try again (nothing consumed).</summary>
    NeedMore,

    /// <summary>The peer broke the protocol; close the connection.</summary>
    Violation,
}
