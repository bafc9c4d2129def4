namespace Publisher.Torrent.Wire;

/// <summary>How a peer connection ended: the reason, the violation when the peer broke the protocol, and a message for logs.</summary>
internal readonly record struct PeerCloseInfo(PeerCloseReason Reason, WireViolation Violation, string? Message)
{
    public override string ToString() => Violation == WireViolation.None ? $"{Reason}: {Message}" : $"{Reason} ({Violation}): {Message}";
}
