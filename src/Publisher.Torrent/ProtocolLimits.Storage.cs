namespace Publisher.Torrent;

/// <content>Limits of the download write path: how much received, not yet verified data is held in memory.</content>
public static partial class ProtocolLimits
{
    /// <summary>
    /// Bytes of received blocks held in memory until their piece is verified and written (pieces being assembled and
    /// pieces waiting for the hash worker together). At this level the engine stops requesting more blocks until the
    /// worker catches up; requests already on the wire may add up to one request window on top. Never less than two
    /// whole pieces, so a torrent with huge pieces still makes progress.
    /// </summary>
    public const int MaxBufferedPieceBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Received blocks are kept in pooled chunks of this size rather than whole-piece buffers, so a piece that has
    /// only a few blocks holds only a few chunks (a multiple of the 16 KiB block length, below the large object heap
    /// threshold).
    /// </summary>
    public const int PieceBufferChunkLength = 64 * 1024;
}
