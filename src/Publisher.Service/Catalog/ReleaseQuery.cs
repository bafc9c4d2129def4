namespace Publisher.Service.Catalog;

/// <summary>A page of releases, newest first.</summary>
/// <param name="Product">Only this product, or all.</param>
/// <param name="Channel">Only this channel, or all.</param>
/// <param name="IncludeYanked">Whether withdrawn releases are listed.</param>
/// <param name="Limit">At most this many (1..<see cref="MaxLimit"/>).</param>
/// <param name="BeforeId">Only releases older than this id (the previous page's last id), or from the newest.</param>
internal sealed record ReleaseQuery(string? Product = null, string? Channel = null, bool IncludeYanked = false, int Limit = 50, long? BeforeId = null)
{
    /// <summary>The largest page the catalogue returns.</summary>
    public const int MaxLimit = 500;
}
