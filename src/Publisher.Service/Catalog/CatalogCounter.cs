namespace Publisher.Service.Catalog;

/// <summary>The bandwidth-savings counters the catalogue sums per release and per day.</summary>
internal enum CatalogCounter
{
    /// <summary>Payload bytes served by the service's own origin (web seed, blob store).</summary>
    OriginBytes,

    /// <summary>Payload bytes clients reported receiving from other peers.</summary>
    PeerBytes,

    /// <summary>Payload bytes clients reported receiving from web seeds or the origin.</summary>
    ReportedOriginBytes,

    /// <summary>Downloads clients reported as complete.</summary>
    CompletedDownloads,

    /// <summary>Downloads clients reported as failed.</summary>
    FailedDownloads,

    /// <summary>Bytes peers reported uploading in tracker announces.</summary>
    AnnouncedUploaded,

    /// <summary>Bytes peers reported downloading in tracker announces.</summary>
    AnnouncedDownloaded,

    /// <summary>Payload bytes the service's own seed uploaded to peers (peer bytes: the BitTorrent wire, not the origin).</summary>
    SeedUploaded,
}
