namespace Publisher.Torrent.Engine;

/// <summary>Where downloaded bytes came from, for the statistics a publisher reports (bytes peers saved it).</summary>
public enum TransferSource
{
    /// <summary>Other peers over the BitTorrent wire protocol.</summary>
    Peers,

    /// <summary>HTTP web seeds (BEP 19) or the publisher's origin.</summary>
    WebSeeds,
}
