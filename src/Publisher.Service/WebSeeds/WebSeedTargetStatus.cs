namespace Publisher.Service.WebSeeds;

/// <summary>The outcome of reading a web-seed request target.</summary>
internal enum WebSeedTargetStatus
{
    /// <summary>A well-formed release and file path.</summary>
    Valid,

    /// <summary>Not a well-formed web-seed URL (bad release segment, bad percent-encoding, traversal, control characters).</summary>
    Malformed,
}
