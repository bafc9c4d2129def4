using Publisher.Torrent.Engine;

namespace Publisher.Service.Seeding;

/// <summary>A release the seed runs, with the upload total already counted into the savings counters.</summary>
internal sealed class SeededRelease(long releaseId, string trackerInfoHash, TorrentHandle handle)
{
    public long ReleaseId { get; } = releaseId;

    public string TrackerInfoHash { get; } = trackerInfoHash;

    public TorrentHandle Handle { get; } = handle;

    /// <summary>Bytes of <see cref="TransferStatistics.UploadedToPeers"/> already recorded.</summary>
    public long RecordedUploaded { get; set; }
}
