namespace Publisher.Torrent.Storage;

/// <summary>What a <see cref="PieceWriter"/> reports from its verification worker.</summary>
internal interface IPieceWriterEvents
{
    /// <summary>The piece matched its hash and is written to disk.</summary>
    void OnPieceVerified(int piece);

    /// <summary>The piece failed its hash and was discarded; <paramref name="contributors"/> sent its blocks.</summary>
    void OnPieceFailed(int piece, IReadOnlyList<object> contributors);

    /// <summary>Writing a verified piece failed; the torrent cannot continue.</summary>
    void OnDiskError(Exception error);
}
