namespace Publisher.Torrent.Tests.Engine;

/// <summary>How a <see cref="RawPeer"/> answers requests.</summary>
public enum RawPeerBehaviour
{
    /// <summary>Never answers (a stalled peer).</summary>
    Stall,

    /// <summary>Answers with blocks of the right size and the wrong bytes.</summary>
    WrongData,

    /// <summary>Answers with a block nobody asked for.</summary>
    UnsolicitedPiece,

    /// <summary>Answers with a length prefix of 2 GiB.</summary>
    OversizedLength,
}
