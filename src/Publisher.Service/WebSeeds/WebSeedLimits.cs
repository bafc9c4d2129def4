namespace Publisher.Service.WebSeeds;

/// <summary>
/// Limits on what a web-seed request may carry, checked before anything is allocated for it
/// (Kestrel's own request-line and header limits apply first).
/// </summary>
internal static class WebSeedLimits
{
    /// <summary>The longest raw (percent-encoded) path after <c>seed/{release}/</c>.</summary>
    public const int MaxRawPathChars = 8 * 1024;

    /// <summary>The most path components (the torrent name plus at most 64 directory levels and the file).</summary>
    public const int MaxPathComponents = 66;

    /// <summary>The longest download token accepted in the release segment or the <c>token</c> query parameter.</summary>
    public const int MaxTokenChars = 512;

    /// <summary>The longest <c>Range</c> header parsed; a longer one is ignored (the whole file is sent).</summary>
    public const int MaxRangeHeaderChars = 1024;

    /// <summary>The longest pad-file name accepted after <c>.pad/</c> (decimal digits).</summary>
    public const int MaxPadNameDigits = 10;
}
