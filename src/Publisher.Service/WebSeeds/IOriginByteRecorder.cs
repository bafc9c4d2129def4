namespace Publisher.Service.WebSeeds;

/// <summary>Where the web seed reports the payload bytes it actually sent, per release (the savings accounting's origin bytes).</summary>
internal interface IOriginByteRecorder
{
    /// <summary>Adds <paramref name="bytes"/> (non-negative) sent for <paramref name="releaseId"/>.</summary>
    void Add(long releaseId, long bytes);
}
