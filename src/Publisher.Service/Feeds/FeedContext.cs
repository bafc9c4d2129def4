using Publisher.Service.Catalog;

namespace Publisher.Service.Feeds;

/// <summary>Everything a feed document is written from.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Product">The product filter, or null for every product.</param>
/// <param name="BaseUrl">The service's public base URL.</param>
/// <param name="SelfUrl">The feed's own URL.</param>
/// <param name="Updated">When the feed last changed (newest publish or yank), or null when it never had an entry.</param>
/// <param name="Releases">The entries, newest first (none yanked).</param>
internal sealed record FeedContext(string Channel, string? Product, Uri BaseUrl, Uri SelfUrl, DateTimeOffset? Updated, IReadOnlyList<ReleaseRecord> Releases)
{
    public string Title => Product is null ? $"{Channel} releases" : $"{Product} {Channel} releases";
}
